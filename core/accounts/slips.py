"""Slips of a bulk issuance job, computed from the job's key (no clear code is stored anywhere).

A member's slip is printed only while the code the job's key gives them is still the account's live code
(same keyed hash, unused): a code reset since, or already used, prints nothing. Members are read inside the
actor's ACCOUNTS_ISSUE scope, cell by cell (one query for the cell, ~25 rows).
"""

import hmac
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from core.access.checks import scoped
from core.access.permissions import ACCOUNTS_ISSUE
from core.accounts.activation import code_digest, display, job_code
from core.accounts.issue_jobs import IssueJob
from core.members.models import Member
from core.org.models import OrgUnit

MAX_SLIPS_PAGE = 3000  # one page prints every slip of a job up to this size; larger jobs print by cell


def _issued(job: IssueJob, actor: User) -> QuerySet[Member]:
    unit = OrgUnit.objects.filter(pk=job.unit_id).only("path").first()
    path = unit.path if unit is not None else "\x01"
    qs = Member.objects.filter(
        cell__path__startswith=path,
        user__isnull=False,
        user__account_state__activation_used_at__isnull=True,
    ).exclude(user__account_state__activation_digest="")
    return scoped(qs, actor, ACCOUNTS_ISSUE, "cell__path")


def job_cells(job: IssueJob, actor: User) -> list[dict[str, Any]]:
    """Cells of the job's unit with accounts awaiting activation: code, name, count (an upper bound of slips)."""
    rows = (
        _issued(job, actor)
        .values("cell__code", "cell__name", "cell__path")
        .annotate(n=Count("pk"))
        .order_by("cell__path")
    )
    return [{"code": r["cell__code"], "name": r["cell__name"], "count": r["n"]} for r in rows]


def job_slips(job: IssueJob, actor: User, *, cell_code: str | None = None) -> list[dict[str, Any]]:
    """The slips of the job (of one cell when `cell_code` is given), in cell then name order."""
    qs = _issued(job, actor).select_related("cell", "user__account_state")
    if cell_code is not None:
        qs = qs.filter(cell__code=cell_code)
    slips = []
    for member in qs.order_by("cell__path", "name_folded", "pk"):
        code = job_code(job.code_key, member.pk)
        state = member.user.account_state  # type: ignore[union-attr]
        if not hmac.compare_digest(state.activation_digest, code_digest(code)):
            continue  # issued by another job, or reset since
        slips.append(
            {
                "member_id": member.pk,
                "full_name": member.full_name,
                "party_card_number": member.party_card_number,
                "cell_code": member.cell.code,
                "cell_name": member.cell.name,
                "password": display(code),
                "reset": False,
                "activation": True,
                "expires_at": state.activation_expires_at,
            }
        )
    return slips
