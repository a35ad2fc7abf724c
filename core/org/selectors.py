"""Org tree reads: root, breadcrumbs, children with member counts, subtree lookups, scoped units."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q

from core.access.checks import ANY, scope_paths
from core.members.models import ACTIVE_STATUSES as MEMBER_ACTIVE_STATUSES
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit

ACTIVE_STATUSES = [s.value for s in MEMBER_ACTIVE_STATUSES]


def org_root() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgKind.ROOT).first()


def org_summary() -> dict[str, int]:
    """Counts shown on the tenant home page, in one query."""
    return OrgUnit.objects.filter(valid_to__isnull=True).aggregate(
        units=Count("pk", filter=Q(depth=1)),
        cells=Count("pk", filter=Q(kind=OrgKind.CELL)),
        all_units=Count("pk"),
    )


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """Root … parent of `unit`, from its materialised path (one query)."""
    ids = [int(x) for x in unit.path.split(".") if x][:-1]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class ChildRow:
    unit: OrgUnit
    members: int
    cells: int


def unit_children_with_counts(unit: OrgUnit, *, include_closed: bool = False) -> list[ChildRow]:
    """Children of `unit` with active members and open cells in each child's subtree (three queries)."""
    children = list(
        unit.children.order_by("code")
        if include_closed
        else unit.children.filter(valid_to__isnull=True).order_by("code")
    )
    if not children:
        return []
    per_cell = (
        Member.objects.filter(cell__path__startswith=unit.path, status__in=ACTIVE_STATUSES)
        .values_list("cell__path")
        .annotate(n=Count("pk"))
    )
    cells = OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgKind.CELL, valid_to__isnull=True)
    member_totals: dict[str, int] = defaultdict(int)
    cell_totals: dict[str, int] = defaultdict(int)
    prefix_len = len(unit.path)
    for path, n in per_cell:
        member_totals[path[: path.index(".", prefix_len) + 1]] += n
    for path in cells.values_list("path", flat=True):
        if len(path) > prefix_len:
            cell_totals[path[: path.index(".", prefix_len) + 1]] += 1
    return [ChildRow(unit=c, members=member_totals[c.path], cells=cell_totals[c.path]) for c in children]


def units_in_scope(user: User | AnonymousUser | None, perm: str) -> list[OrgUnit]:
    """The top units of the user's scopes for `perm` (the root for superusers)."""
    scopes = scope_paths(user, perm)
    if ANY in scopes:
        root = org_root()
        return [root] if root else []
    return list(OrgUnit.objects.filter(path__in=scopes).order_by("path"))


def unit_by_code(code: str) -> OrgUnit | None:
    return OrgUnit.objects.filter(code=code).first()
