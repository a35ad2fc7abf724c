"""Reads of the tree browser that count members (above core.org and core.members, ADR 0042)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from core.members.models import ACTIVE_STATUSES as MEMBER_ACTIVE_STATUSES
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit

ACTIVE_STATUSES = [s.value for s in MEMBER_ACTIVE_STATUSES]


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
