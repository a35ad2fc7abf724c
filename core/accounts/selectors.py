"""Account reads: what an issuance page shows for a unit, the account facts of one member, my cell."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Max, Q

from core.access.checks import ANY, scope_paths
from core.access.models import Role, RoleGrant
from core.access.permissions import ACCOUNTS_ISSUE
from core.accounts.models import AccountState, ApiToken, DailyAccess, Device
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgKind, OrgUnit

INACTIVE_STATUSES = GONE_STATUSES
LEADER_ROLES = (Role.CELL_SECRETARY, Role.CELL_DEPUTY)


@dataclass(frozen=True)
class IssuanceCounts:
    members: int  # active members (not transferred out, not deceased)
    with_account: int
    without_account: int
    without_account_no_smartphone: int

    @property
    def issuable(self) -> int:
        """Accounts an issuance would create by default (members without an account who have a smartphone)."""
        return self.without_account - self.without_account_no_smartphone


def _counts(row: dict[str, int | None]) -> IssuanceCounts:
    return IssuanceCounts(
        members=row["members"] or 0,
        with_account=row["with_account"] or 0,
        without_account=(row["members"] or 0) - (row["with_account"] or 0),
        without_account_no_smartphone=row["no_phone"] or 0,
    )


_AGGREGATES = {
    "members": Count("pk"),
    "with_account": Count("pk", filter=Q(user__isnull=False)),
    "no_phone": Count("pk", filter=Q(user__isnull=True, has_smartphone=False)),
}


def issuance_counts(unit: OrgUnit) -> IssuanceCounts:
    """Account coverage of `unit`'s subtree (one query)."""
    row = (
        Member.objects.filter(cell__path__startswith=unit.path)
        .exclude(status__in=INACTIVE_STATUSES)
        .aggregate(**_AGGREGATES)
    )
    return _counts(row)


@dataclass(frozen=True)
class ChildCounts:
    unit: OrgUnit
    counts: IssuanceCounts


def issuance_children(unit: OrgUnit) -> list[ChildCounts]:
    """Open child units of `unit` with their subtree's account coverage (two queries)."""
    children = list(unit.children.filter(valid_to__isnull=True).order_by("code"))
    if not children:
        return []
    per_cell = (
        Member.objects.filter(cell__path__startswith=unit.path)
        .exclude(status__in=INACTIVE_STATUSES)
        .values("cell__path")
        .annotate(**_AGGREGATES)
    )
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    prefix = len(unit.path)
    for values in per_cell:
        row: dict[str, Any] = dict(values)
        path = row["cell__path"]
        if len(path) <= prefix:
            continue  # members held directly by `unit`
        child_path = path[: path.index(".", prefix) + 1]
        for key in _AGGREGATES:
            totals[child_path][key] += row[key]
    return [
        ChildCounts(unit=c, counts=_counts(dict(totals[c.path]) or dict.fromkeys(_AGGREGATES, 0))) for c in children
    ]


def issue_units(user: User | AnonymousUser | None) -> list[OrgUnit]:
    """The top units where `user` may issue accounts (the root for tenant administrators)."""
    scopes = scope_paths(user, ACCOUNTS_ISSUE)
    if ANY in scopes:
        return list(OrgUnit.objects.filter(kind=OrgKind.ROOT)[:1])
    return list(OrgUnit.objects.filter(path__in=scopes).order_by("path"))


@dataclass(frozen=True)
class AccountFacts:
    state: AccountState | None
    devices: list[Device]
    tokens: int
    last_access: date | None


def account_facts(user: User) -> AccountFacts:
    """What the member's account page shows (four small queries)."""
    return AccountFacts(
        state=AccountState.objects.filter(pk=user.pk).first(),
        devices=list(Device.objects.filter(user=user).order_by("-last_seen_at")[:20]),
        tokens=ApiToken.objects.filter(user=user).count(),
        last_access=DailyAccess.objects.filter(user=user).aggregate(last=Max("day"))["last"],
    )


def cell_leaders(cell: OrgUnit) -> list[tuple[str, str]]:
    """(role label, name) of the cell's secretary and deputies, secretary first (one query)."""
    grants = RoleGrant.objects.filter(unit=cell, role__in=LEADER_ROLES).select_related("user", "user__member")
    order = {Role.CELL_SECRETARY: 0, Role.CELL_DEPUTY: 1}
    rows = []
    for grant in sorted(grants, key=lambda g: (order.get(Role(g.role), 9), g.pk)):
        member = getattr(grant.user, "member", None)
        name = member.full_name if member else (grant.user.get_full_name() or grant.user.get_username())
        rows.append((str(Role(grant.role).label), name))
    return rows
