"""Demo logins for each voting path, in the demo cell (the cell of `dangvien`, run by `bithu`): `dubi`, a
probationary member (sees "dự bị — không biểu quyết", still gives opinions, is refused a ballot), and `mienhoat`,
an exempt member (votes and counts once checked in as present; left out of E when absent). If the cell has no such
member, an official member without a login takes that status. Idempotent: an existing login is left as it is.
Runs inside the tenant's schema (the caller sets it)."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.demo.seed import DEMO_PASSWORD, MEMBER_USERNAME
from core.members.models import ExemptReason, Member, MemberStatus

PROBATIONARY_USERNAME = "dubi"
EXEMPT_USERNAME = "mienhoat"


def _as_status(member: Member, status: str, today: dt.date) -> dict[str, object]:
    """The fields that make `member` a plausible member of `status` (nothing if they already are one)."""
    if member.status == status:
        return {}
    if status == MemberStatus.PROBATIONARY:  # admitted some months ago, not yet official
        return {"status": status, "admitted_on": today - dt.timedelta(days=200), "official_on": None}
    return {"status": status, "exempt_reason": ExemptReason.AGE}


def _login(username: str, status: str, candidates: QuerySet[Member], today: dt.date) -> None:
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        return
    member = candidates.filter(status=status).first() or candidates.filter(status=MemberStatus.OFFICIAL).last()
    if member is None:
        return
    last, first = member.full_name.rsplit(" ", 1)
    user = user_model.objects.create_user(username, password=DEMO_PASSWORD, first_name=first, last_name=last)
    Member.objects.filter(pk=member.pk).update(user=user, has_smartphone=True, **_as_status(member, status, today))


@transaction.atomic
def seed_voting_demo(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    demo = Member.objects.filter(user__username=MEMBER_USERNAME).first()
    if demo is None:
        return
    candidates = Member.objects.filter(cell_id=demo.cell_id, user__isnull=True).order_by("pk")
    _login(PROBATIONARY_USERNAME, MemberStatus.PROBATIONARY, candidates, today)
    _login(EXEMPT_USERNAME, MemberStatus.EXEMPT, candidates, today)
