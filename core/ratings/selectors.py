"""Rating reads: the policy, a cell's sheet (rated members with their ratings and the cap), the cells and
organisations waiting for a committee's approval, a member's own results."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from core.access.checks import scope_q
from core.access.permissions import RATINGS_APPROVE
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit
from core.ratings.models import Level, MemberRating, RatingPolicy, UnitRating
from core.ratings.rules import RATED_UNIT_KINDS, CapState, cap_state, not_rated_exempt, rated_members


def rating_policy() -> RatingPolicy:
    policy, _created = RatingPolicy.objects.get_or_create(pk=1)
    return policy


@dataclass(frozen=True)
class SheetLine:
    member: Member
    rating: MemberRating | None


@dataclass(frozen=True)
class CellSheet:
    cell: OrgUnit
    year: int
    lines: list[SheetLine]
    exempt: list[Member]  # not rated while exempt from activities
    proposed_cap: CapState
    approved: int
    proposed: int

    @property
    def complete(self) -> bool:
        return all(line.rating and (line.rating.proposed_level or line.rating.approved_level) for line in self.lines)


def cell_sheet(cell: OrgUnit, year: int) -> CellSheet:
    members = list(rated_members(cell, year).select_related("cell"))
    ratings = {r.member_id: r for r in MemberRating.objects.filter(year=year, member__in=members)}
    lines = [SheetLine(m, ratings.get(m.pk)) for m in members]
    levels = [
        (r.approved_level or r.proposed_level) for r in ratings.values() if r.member_id in {m.pk for m in members}
    ]
    return CellSheet(
        cell=cell,
        year=year,
        lines=lines,
        exempt=list(not_rated_exempt(cell)),
        proposed_cap=cap_state(levels, rating_policy().excellent_cap_pct),
        approved=sum(1 for r in ratings.values() if r.approved_level),
        proposed=sum(1 for r in ratings.values() if r.proposed_level or r.approved_level),
    )


@dataclass(frozen=True)
class CellProgress:
    cell: OrgUnit
    proposed: int
    approved: int
    excellent: int


def cells_to_approve(
    user: User | AnonymousUser | None, year: int, unit: OrgUnit | None = None, offset: int = 0, limit: int = 50
) -> tuple[list[CellProgress], int]:
    """Cells whose committee above the user may approve for (their parent in the user's scope), with counts of
    proposals, approvals and "xuất sắc" of the year; one page and the total. Three queries."""
    cells = OrgUnit.objects.filter(kind=OrgKind.CELL, valid_to__isnull=True).filter(
        scope_q(user, RATINGS_APPROVE, "parent__path")
    )
    if unit is not None:
        cells = cells.filter(path__startswith=unit.path)
    total = cells.count()
    page = list(cells.order_by("path")[offset : offset + limit])
    counts: dict[int, Any] = {
        row["cell_id"]: row
        for row in MemberRating.objects.filter(year=year, cell__in=page)
        .values("cell_id")
        .annotate(
            proposed=Count("pk", filter=~Q(proposed_level="") | ~Q(approved_level="")),
            approved=Count("pk", filter=~Q(approved_level="")),
            excellent=Count(
                "pk", filter=Q(approved_level=Level.EXCELLENT) | Q(approved_level="", proposed_level=Level.EXCELLENT)
            ),
        )
    }
    out = [
        CellProgress(c, counts.get(c.pk, {}).get("proposed", 0), counts.get(c.pk, {}).get("approved", 0),
                     counts.get(c.pk, {}).get("excellent", 0))
        for c in page
    ]  # fmt: skip
    return out, total


def units_to_rate(year: int, parent: OrgUnit) -> list[tuple[OrgUnit, UnitRating | None]]:
    """The rated organisations directly under `parent` (cells, grassroots and commune committees) with their
    rating of the year."""
    units = list(parent.children.filter(kind__in=RATED_UNIT_KINDS, valid_to__isnull=True).order_by("code"))
    ratings = {r.unit_id: r for r in UnitRating.objects.filter(year=year, unit__in=units)}
    return [(u, ratings.get(u.pk)) for u in units]


def my_ratings(member: Member) -> QuerySet[MemberRating]:
    return member.ratings.order_by("-year")
