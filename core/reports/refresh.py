"""Refresh of the report tallies: three set-based statements per generation (docs/adr/0022-report-aggregation.md).

1. Members not gone are counted per cell for every dimension at once (GROUPING SETS), rating rows per cell and
   year, organisation ratings per unit and year; each count is then added to every ancestor of its unit (the
   unit's materialised path unnested), so a unit's row holds its whole subtree.
2. Cells by size: each open cell's member total from step 1, put in a band, counted for every ancestor.
3. The state row points at the new generation; the old generation is deleted.

Age bands are computed for `as_of` (the refresh day). `tally_refresh_if_stale` refreshes when members, their
status history or ratings changed since the last refresh, or the last one is from an earlier day (ages).
Like the adoption figures, the tallies are a derived cache of audited facts: a refresh writes no audit row.
"""

import datetime as dt
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.members.models import GONE_STATUSES, Member, MemberStatusChange
from core.org.models import OrgKind, OrgUnit
from core.reports.models import TallyState

AGE_BANDS = (("le30", 30), ("31_40", 40), ("41_50", 50), ("51_60", 60), ("61_70", 70))  # then "gt70"
SIZE_BANDS = (("0", 0), ("lt10", 9), ("10_19", 19), ("20_29", 29), ("30_49", 49))  # then "ge50"
MEMBER_DIMENSIONS = ("sex", "age", "ethnicity", "religion", "education", "qualification", "theory", "status")


def _age_case() -> str:
    """Age bands as birth-date thresholds (%(born_after_<limit>)s: born after as_of minus limit+1 years ⇔ aged at
    most `limit` on as_of) — a date comparison per row instead of age() arithmetic."""
    whens = " ".join(f"WHEN date_of_birth > %(born_after_{limit})s THEN '{band}'" for band, limit in AGE_BANDS)
    return f"CASE {whens} ELSE 'gt70' END"


def _age_thresholds(as_of: dt.date) -> dict[str, dt.date]:
    def years_before(years: int) -> dt.date:
        try:
            return as_of.replace(year=as_of.year - years)
        except ValueError:  # 29 February
            return as_of.replace(year=as_of.year - years, day=28)

    return {f"born_after_{limit}": years_before(limit + 1) for _band, limit in AGE_BANDS}


def _size_case(column: str) -> str:
    whens = " ".join(f"WHEN {column} <= {limit} THEN '{band}'" for band, limit in SIZE_BANDS)
    return f"CASE {whens} ELSE 'ge50' END"


_DIMENSION_OF = " ".join(f"WHEN GROUPING({d}) = 0 THEN '{d}'" for d in MEMBER_DIMENSIONS)
_SETS = ", ".join(["(cell_id)", *[f"(cell_id, {d})" for d in MEMBER_DIMENSIONS]])
_RATING_VALUE = (
    "CASE WHEN approved_level <> '' THEN approved_level WHEN proposed_level <> '' THEN 'proposed' ELSE 'self' END"
)


def _counts_cte(members: str, ratings: str, units: str) -> str:
    """CTEs m, x: counts per cell (members by every dimension, rating rows) and per unit (organisation ratings)
    of the rows matching each condition."""
    return f"""
m AS (
    SELECT cell_id, sex, {_age_case()} AS age, ethnicity, religion, education, qualification, theory, status
    FROM members_member WHERE status <> ALL(%(gone)s) AND {members}
),
x AS (
    SELECT cell_id AS unit_id, CASE {_DIMENSION_OF} ELSE 'total' END AS dimension,
           COALESCE({", ".join(MEMBER_DIMENSIONS)}, '') AS value, count(*) AS n
    FROM m GROUP BY GROUPING SETS ({_SETS})
    UNION ALL
    SELECT cell_id, 'rating:' || year, {_RATING_VALUE}, count(*) FROM ratings_memberrating WHERE {ratings}
    GROUP BY 1, 2, 3
    UNION ALL
    SELECT unit_id, 'unit_rating:' || year, {_RATING_VALUE}, count(*) FROM ratings_unitrating WHERE {units}
    GROUP BY 1, 2, 3
)"""


# Each count goes to every ancestor of its unit, the cell included only for its "total" (cells' other reports are
# computed live, see `live_tallies`): pos is the 1-based place of an ancestor in the path; a cell's own place is
# depth + 1, a party group's cell is at depth.
COUNTS_SQL = f"""
INSERT INTO reports_tally (generation, unit_id, dimension, value, count)
WITH {_counts_cte("true", "true", "true")},
y AS (
    SELECT x.*, o.path, CASE o.kind WHEN 'cell' THEN o.depth + 1 WHEN 'party_group' THEN o.depth END AS cell_pos
    FROM x JOIN org_orgunit o ON o.id = x.unit_id
)
SELECT %(gen)s, a.unit_id, y.dimension, y.value, SUM(y.n)
FROM y CROSS JOIN LATERAL unnest(string_to_array(rtrim(y.path, '.'), '.')::bigint[]) WITH ORDINALITY AS a(unit_id, pos)
WHERE y.cell_pos IS NULL OR a.pos < y.cell_pos OR (a.pos = y.cell_pos AND y.dimension = 'total')
GROUP BY 2, 3, 4
"""

SIZES_SQL = f"""
INSERT INTO reports_tally (generation, unit_id, dimension, value, count)
SELECT %(gen)s, a.unit_id, 'cell_size', {_size_case("COALESCE(t.count, 0)")}, count(*)
FROM org_orgunit o
LEFT JOIN reports_tally t ON t.unit_id = o.id AND t.generation = %(gen)s AND t.dimension = 'total'
CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')::bigint[]) WITH ORDINALITY AS a(unit_id, pos)
WHERE o.kind = 'cell' AND o.valid_to IS NULL AND a.pos <= o.depth
GROUP BY 2, 4
"""

_IN_SUBTREE = "IN (SELECT id FROM org_orgunit WHERE path LIKE %(prefix)s)"
LIVE_SQL = f"""
WITH {_counts_cte(f"cell_id {_IN_SUBTREE}", f"cell_id {_IN_SUBTREE}", f"unit_id {_IN_SUBTREE}")}
SELECT dimension, value, SUM(n) FROM x GROUP BY 1, 2
"""


def size_band(members: int) -> str:
    return next((band for band, limit in SIZE_BANDS if members <= limit), "ge50")


def live_tallies(unit: OrgUnit, as_of: dt.date) -> dict[str, dict[str, int]]:
    """A cell's (or party group's) counts, computed now from its few rows — same definitions as the refresh."""
    params: dict[str, Any] = {
        "prefix": unit.path + "%",
        "gone": [s.value for s in GONE_STATUSES],
        **_age_thresholds(as_of),
    }
    out: dict[str, dict[str, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(LIVE_SQL, params)
        for dimension, value, count in cursor.fetchall():
            out.setdefault(dimension, {})[value] = int(count)
    if unit.kind == OrgKind.CELL and unit.is_open:
        out["cell_size"] = {size_band(out.get("total", {}).get("", 0)): 1}
    return out


def tally_state() -> TallyState:
    state, _created = TallyState.objects.get_or_create(pk=1)
    return state


def tally_refresh(as_of: dt.date | None = None) -> TallyState:
    """Compute a new generation of every unit's tallies and switch readers to it."""
    started = time.perf_counter()
    as_of = as_of or timezone.localdate()
    with transaction.atomic():
        state = TallyState.objects.select_for_update().get(pk=tally_state().pk)
        old, new = state.generation, state.generation + 1
        params: dict[str, Any] = {"gen": new, "gone": [s.value for s in GONE_STATUSES], **_age_thresholds(as_of)}
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")  # the per-cell sorts of 500,000 rows stay in memory
            cursor.execute(COUNTS_SQL, params)
            cursor.execute(SIZES_SQL, params)
            state.generation, state.as_of, state.refreshed_at = new, as_of, timezone.now()
            state.seconds = round(time.perf_counter() - started, 3)
            state.save()
            cursor.execute("DELETE FROM reports_tally WHERE generation = %s", [old])
    return state


def tally_refresh_if_stale(now: dt.datetime | None = None) -> bool:
    """Refresh when something counted changed since the last refresh, or on a new day; True if it ran."""
    from core.org.models import OrgUnitEvent
    from core.ratings.models import MemberRating, UnitRating

    state = tally_state()
    now = now or timezone.now()
    last = state.refreshed_at
    decided = Q(proposed_at__gt=last) | Q(approved_at__gt=last)
    stale = (
        last is None
        or timezone.localdate(now) != state.as_of
        or Member.objects.filter(updated_at__gt=last).exists()
        or MemberStatusChange.objects.filter(created_at__gt=last).exists()
        or OrgUnitEvent.objects.filter(at__gt=last).exists()
        or MemberRating.objects.filter(decided | Q(self_at__gt=last)).exists()
        or UnitRating.objects.filter(decided).exists()
    )
    if stale:
        tally_refresh(timezone.localdate(now))
    return stale
