"""A year of quality ratings for the demo tenants: last year rated and approved everywhere (members and
organisations, within the 20 % cap), this year's campaign open in December — most members have self-assessed,
half the cells have proposed, a quarter have been approved; the demo secretary's cell is waiting for its
proposals. Rows are written directly (seed data: no service, no audit). Idempotent."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from core.members.models import Member
from core.org.models import OrgKind, OrgUnit
from core.ratings.models import Level, MemberRating, RatingPolicy, UnitRating
from core.ratings.rules import RATED_UNIT_KINDS, rated_members

SELF_WEIGHTS = [(Level.EXCELLENT, 12), (Level.GOOD, 72), (Level.DONE, 15), (Level.FAILED, 1)]


def _levels(rng: random.Random, n: int) -> list[str]:
    """Levels for a cell's n members that keep "xuất sắc" within 20 % of those rated good or above."""
    levels: list[str] = [
        rng.choices([str(lv) for lv, _w in SELF_WEIGHTS], [w for _lv, w in SELF_WEIGHTS])[0] for _ in range(n)
    ]
    while levels.count(Level.EXCELLENT) > sum(lv in (Level.EXCELLENT, Level.GOOD) for lv in levels) * 20 // 100:
        levels[levels.index(Level.EXCELLENT)] = Level.GOOD
    return levels


def _cell_rows(cell: OrgUnit, year: int, rng: random.Random, stage: str) -> list[MemberRating]:
    """stage: "approved", "proposed", "self" (some members only) or "none"."""
    members = list(rated_members(cell, year))
    at = timezone.make_aware(dt.datetime(year, 12, 5, 9, 0)) if stage == "approved" else timezone.now()
    rows = []
    for member, level in zip(members, _levels(rng, len(members)), strict=True):
        if stage == "none" or (stage == "self" and rng.random() < 0.3):
            continue
        row = MemberRating(member=member, year=year, cell=cell, self_level=level, self_at=at,
                           self_note="Hoàn thành nhiệm vụ được giao, giữ gìn phẩm chất đạo đức.")  # fmt: skip
        if stage in ("proposed", "approved"):
            row.proposed_level, row.proposed_at = level, at
        if stage == "approved":
            row.approved_level, row.approved_at = level, at
        rows.append(row)
    return rows


def _unit_rows(year: int, rng: random.Random, approved: bool) -> list[UnitRating]:
    rows = []
    at = timezone.make_aware(dt.datetime(year, 12, 10, 9, 0))
    by_parent: dict[int | None, list[OrgUnit]] = {}
    for unit in OrgUnit.objects.filter(kind__in=RATED_UNIT_KINDS, valid_to__isnull=True).order_by("code"):
        by_parent.setdefault(unit.parent_id, []).append(unit)
    for units in by_parent.values():
        for unit, level in zip(units, _levels(rng, len(units)), strict=True):
            row = UnitRating(unit=unit, year=year, proposed_level=level, proposed_at=at)
            if approved:
                row.approved_level, row.approved_at = level, at
            rows.append(row)
    return rows


@transaction.atomic
def seed_ratings(seed: str, today: dt.date, keep_cell: OrgUnit | None) -> int:
    """Returns the number of member ratings written (0 when the tenant already has ratings)."""
    if MemberRating.objects.exists():
        return 0
    rng = random.Random(f"ratings-{seed}")
    RatingPolicy.objects.update_or_create(pk=1, defaults={"open_year": today.year, "excellent_cap_pct": 20})
    cells = list(OrgUnit.objects.filter(kind=OrgKind.CELL, valid_to__isnull=True).order_by("code"))
    rows: list[MemberRating] = []
    for index, cell in enumerate(cells):
        rows += _cell_rows(cell, today.year - 1, rng, "approved")
        stage = "self" if cell == keep_cell else ("approved", "proposed", "self", "self")[index % 4]
        rows += _cell_rows(cell, today.year, rng, stage)
    MemberRating.objects.bulk_create(rows, batch_size=2000)
    UnitRating.objects.bulk_create(_unit_rows(today.year - 1, rng, approved=True), batch_size=2000)
    return len(rows)


def demo_member_cell() -> OrgUnit | None:
    member = Member.objects.filter(user__username="dangvien").select_related("cell").first()
    return member.cell if member else None
