"""Movements of a subtree in a period, counted live from the raw rows (small, indexed reads):

- admissions: members whose admission date (ngày vào Đảng) falls in the period, whatever their status since;
- official recognitions: members whose official date falls in the period;
- transfers in / out: status history events "chuyển sinh hoạt đến/đi" dated in the period, plus moves between
  cells that cross the subtree's boundary (a move inside the subtree is neither);
- deaths, expulsions, removals: status history events dated in the period.

A member is in the subtree by their current cell (members who left keep their last cell).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from core.members.models import Member, MemberStatusChange, MemberTransfer, StatusEvent
from core.org.models import OrgUnit


@dataclass(frozen=True)
class Movements:
    admitted: int
    official: int
    transferred_in: int
    transferred_out: int
    deceased: int
    expelled: int
    removed: int


def _in(unit: OrgUnit, field: str) -> Q:
    """Members (or rows via `field`) in the subtree; no condition at the root (every cell is under it)."""
    return Q() if unit.depth == 0 else Q(**{f"{field}__path__startswith": unit.path})


def movements(unit: OrgUnit, start: dt.date, end: dt.date) -> Movements:
    """Four queries whatever the subtree's size."""
    members = Member.objects.filter(_in(unit, "cell")).aggregate(
        admitted=Count("pk", filter=Q(admitted_on__gte=start, admitted_on__lte=end)),
        official=Count("pk", filter=Q(official_on__gte=start, official_on__lte=end)),
    )
    events = dict(
        MemberStatusChange.objects.filter(_in(unit, "member__cell"), on__gte=start, on__lte=end)
        .values_list("event")
        .annotate(n=Count("pk"))
    )
    moves_in = moves_out = 0
    if unit.depth > 0:
        moves = MemberTransfer.objects.filter(on__gte=start, on__lte=end)
        inside_to, inside_from = Q(to_cell__path__startswith=unit.path), Q(from_cell__path__startswith=unit.path)
        moves_in = moves.filter(inside_to & ~inside_from).count()
        moves_out = moves.filter(inside_from & ~inside_to).count()
    return Movements(
        admitted=members["admitted"],
        official=members["official"],
        transferred_in=events.get(StatusEvent.TRANSFERRED_IN, 0) + moves_in,
        transferred_out=events.get(StatusEvent.TRANSFERRED_OUT, 0) + moves_out,
        deceased=events.get(StatusEvent.DECEASED, 0),
        expelled=events.get(StatusEvent.EXPELLED, 0),
        removed=events.get(StatusEvent.REMOVED, 0),
    )
