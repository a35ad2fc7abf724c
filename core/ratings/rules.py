"""The rules of the annual rating, on plain values so services, pages and reports agree.

- Who is rated: members of the cell who are official or probationary (also when working away), admitted by the
  end of the year. Members exempt from activities are not rated while exempt (issue 20: the party's rules exempt
  them from the annual rating), nor members gone (transferred out, deceased, expelled, removed).
- Which organisations: cells, grassroots committees and commune-level committees.
- The cap: at most `cap_pct` % of those rated "hoàn thành tốt nhiệm vụ" or above may be "hoàn thành xuất sắc"
  (tenant setting, default 20 %), counted per cell for its members and per approving committee for the
  organisations under it; integer arithmetic: excellent ≤ ⌊cap_pct × good_or_above / 100⌋.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from core.members.models import Member, MemberStatus
from core.org.models import OrgKind, OrgUnit
from core.ratings.models import Level

RATED_STATUSES = (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY, MemberStatus.WORKING_AWAY)
RATED_UNIT_KINDS = (OrgKind.CELL, OrgKind.GRASSROOTS, OrgKind.COMMUNE)
GOOD_OR_ABOVE = (Level.EXCELLENT, Level.GOOD)


@dataclass(frozen=True)
class CapState:
    excellent: int
    good_or_above: int  # including the excellent ones
    cap_pct: int

    @property
    def max_excellent(self) -> int:
        return self.good_or_above * self.cap_pct // 100

    @property
    def broken(self) -> bool:
        return self.excellent > self.max_excellent


def cap_state(levels: Iterable[str], cap_pct: int) -> CapState:
    levels = [lv for lv in levels if lv]
    return CapState(
        excellent=sum(1 for lv in levels if lv == Level.EXCELLENT),
        good_or_above=sum(1 for lv in levels if lv in GOOD_OR_ABOVE),
        cap_pct=cap_pct,
    )


def rating_cell(member: Member) -> OrgUnit:
    """The cell that rates a member: their cell, or the cell above their party group."""
    cell = member.cell
    if cell.kind == OrgKind.PARTY_GROUP and cell.parent is not None:
        return cell.parent
    return cell


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def rated_members(cell: OrgUnit, year: int) -> QuerySet[Member]:
    """Members the cell rates for `year` (its party groups included)."""
    return Member.objects.filter(
        cell__path__startswith=cell.path, status__in=RATED_STATUSES, admitted_on__lte=year_end(year)
    ).order_by("name_folded", "pk")


def not_rated_exempt(cell: OrgUnit) -> QuerySet[Member]:
    """Members of the cell not rated because they are exempt from activities."""
    return Member.objects.filter(cell__path__startswith=cell.path, status=MemberStatus.EXEMPT).order_by("name_folded")


def is_rated(member: Member, year: int) -> bool:
    return member.status in RATED_STATUSES and member.admitted_on <= year_end(year)
