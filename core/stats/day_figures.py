"""Adoption figures *as of a day*, for a unit and each of its direct children (drill-down), in one statement.

The pilots' reports quote a day ("as of 16 April 2023": 436,459 of 472,869 installed = 92.30%), so the
cumulative measures are also computed at the end of a chosen day from the dated raw facts:
- members: members of the subtree not gone (the same denominator as the monthly figures; status is today's);
- accounts_issued: accounts issued on or before the day (AccountState.initial_password_issued_at);
- installed: members whose account's first device was registered on or before the day (Device.first_seen_at);
- logged_in_ever: members whose account first logged in on or before the day (AccountState.first_login_at);
- installed_and_logged_in: both of the above (the Yên Mô report's "96% installed and logged in");
- non-users as of the day (never logged in by then), split by the same three reasons as the monthly figures.
Monthly activity (members with an access in a month, accesses in a month) stays monthly; `activity_average`
averages the stored monthly rows over a chosen range of months.

Percentages are of the unit's member count; `pct2` gives two decimals where the reader asks for them (the
exports always carry the exact counts). A subtree of 472,869 members takes about a second: the console and API
cache each (unit, day) for `CACHE_SECONDS` (the tenant's cache keys carry its schema).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg
from django.utils import timezone

from core.accounts.adoption import INACTIVE_STATUSES
from core.members.models import ExemptReason, MemberStatus
from core.org.models import OrgUnit
from core.stats.models import AdoptionMonthly

CACHE_SECONDS = 300

DAY_SQL = """
WITH dev AS (SELECT user_id, MIN(first_seen_at) AS at FROM accounts_device GROUP BY user_id),
m AS (
    SELECT
        NULLIF(split_part(o.path, '.', %(child_part)s), '')::bigint AS child_id,
        s.initial_password_issued_at < %(end)s AS issued,
        dev.at < %(end)s AS installed,
        s.first_login_at < %(end)s AS ever,
        NOT mm.has_smartphone AS no_phone,
        mm.has_smartphone AND mm.status = %(exempt)s AND mm.exempt_reason IN (%(age)s, %(health)s) AS elderly_sick,
        mm.has_smartphone AND mm.status = %(away)s AS away
    FROM members_member mm
    JOIN org_orgunit o ON o.id = mm.cell_id
    LEFT JOIN accounts_accountstate s ON s.user_id = mm.user_id
    LEFT JOIN dev ON dev.user_id = mm.user_id
    WHERE mm.status <> ALL(%(gone)s) AND o.path LIKE %(prefix)s
)
SELECT
    GROUPING(child_id) = 1 AS total, child_id, COUNT(*),
    COUNT(*) FILTER (WHERE issued), COUNT(*) FILTER (WHERE installed), COUNT(*) FILTER (WHERE ever),
    COUNT(*) FILTER (WHERE installed AND ever),
    COUNT(*) FILTER (WHERE ever IS NOT TRUE AND no_phone),
    COUNT(*) FILTER (WHERE ever IS NOT TRUE AND elderly_sick),
    COUNT(*) FILTER (WHERE ever IS NOT TRUE AND away)
FROM m
GROUP BY GROUPING SETS ((), (child_id))
"""


def pct2(count: int, members: int) -> str:
    """Percentage of `members` with two decimals, rounded half up: 436,459 of 472,869 → "92.30%"."""
    if not members:
        return "0.00%"
    value = (Decimal(100) * count / members).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value}%"


def pct0(count: int, members: int) -> str:
    """Whole percent, rounded half up, as the seeds write it: 7,881 of 8,125 → "97%"."""
    if not members:
        return "0%"
    return f"{(Decimal(100) * count / members).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class DayRow:
    unit: OrgUnit
    day: dt.date
    members: int
    accounts_issued: int
    installed: int
    logged_in_ever: int
    installed_and_logged_in: int
    no_smartphone: int
    exempt_elderly_sick: int
    working_away: int

    @property
    def non_users(self) -> int:
        return self.members - self.logged_in_ever

    @property
    def other_non_users(self) -> int:
        return self.non_users - self.no_smartphone - self.exempt_elderly_sick - self.working_away

    def pct(self, count: int, *, decimals: int = 1) -> str:
        if decimals == 2:
            return pct2(count, self.members)
        if decimals == 0:
            return pct0(count, self.members)
        return f"{round(100.0 * count / self.members, 1) if self.members else 0.0}%"


@dataclass(frozen=True)
class DayTable:
    day: dt.date
    total: DayRow
    children: list[DayRow]


def _params(unit: OrgUnit, day: dt.date) -> dict[str, Any]:
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
    return {
        "end": end,
        "prefix": f"{unit.path}%",
        "child_part": unit.depth + 2,
        "exempt": MemberStatus.EXEMPT.value,
        "age": ExemptReason.AGE.value,
        "health": ExemptReason.HEALTH.value,
        "away": MemberStatus.WORKING_AWAY.value,
        "gone": [s.value for s in INACTIVE_STATUSES],
    }


def _compute(unit: OrgUnit, day: dt.date) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(DAY_SQL, _params(unit, day))
        return list(cursor.fetchall())


def day_table(unit: OrgUnit, day: dt.date) -> DayTable:
    """Figures of `unit` and of each direct child with members, as of the end of `day` (cached briefly)."""
    key = f"stats:day:{unit.pk}:{day:%Y-%m-%d}"
    rows = cache.get(key)
    if rows is None:
        rows = _compute(unit, day)
        cache.set(key, rows, CACHE_SECONDS)
    children = {u.pk: u for u in OrgUnit.objects.filter(parent=unit)}
    total: DayRow | None = None
    lines = []
    for is_total, child_id, *counts in rows:
        owner = unit if is_total else children.get(child_id)
        if owner is None:
            continue  # members directly in the unit itself (a cell): only the total counts them
        row = DayRow(owner, day, *counts)
        if is_total:
            total = row
        else:
            lines.append(row)
    lines.sort(key=lambda r: r.unit.path)
    return DayTable(day=day, total=total or DayRow(unit, day, 0, 0, 0, 0, 0, 0, 0, 0), children=lines)


@dataclass(frozen=True)
class ActivityAverage:
    months: int
    active_per_month: int
    accesses_per_month: int


def activity_average(unit: OrgUnit, first: dt.date, last: dt.date) -> ActivityAverage | None:
    """Monthly activity of a root or rollout unit averaged over the stored months from `first` to `last`."""
    rows = AdoptionMonthly.objects.filter(unit=unit, month__gte=first.replace(day=1), month__lte=last.replace(day=1))
    agg = rows.aggregate(active=Avg("active_month"), accesses=Avg("accesses_month"))
    count = rows.count()
    if not count:
        return None
    return ActivityAverage(
        months=count, active_per_month=round(agg["active"] or 0), accesses_per_month=round(agg["accesses"] or 0)
    )


def parse_day(text: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31) else None
