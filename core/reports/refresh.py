"""Refresh of the report tallies: three set-based statements per generation (docs/adr/0016-report-aggregation.md).

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
from core.reports.models import TallyState

AGE_BANDS = (("le30", 30), ("31_40", 40), ("41_50", 50), ("51_60", 60), ("61_70", 70))  # then "gt70"
SIZE_BANDS = (("0", 0), ("lt10", 9), ("10_19", 19), ("20_29", 29), ("30_49", 49))  # then "ge50"
MEMBER_DIMENSIONS = ("sex", "age", "ethnicity", "religion", "education", "qualification", "theory", "status")


def _age_case() -> str:
    whens = " ".join(f"WHEN a <= {limit} THEN '{band}'" for band, limit in AGE_BANDS)
    return f"CASE {whens} ELSE 'gt70' END"


def _size_case(column: str) -> str:
    whens = " ".join(f"WHEN {column} <= {limit} THEN '{band}'" for band, limit in SIZE_BANDS)
    return f"CASE {whens} ELSE 'ge50' END"


_DIMENSION_OF = " ".join(f"WHEN GROUPING({d}) = 0 THEN '{d}'" for d in MEMBER_DIMENSIONS)
_SETS = ", ".join(["(cell_id)", *[f"(cell_id, {d})" for d in MEMBER_DIMENSIONS]])

COUNTS_SQL = f"""
INSERT INTO reports_tally (generation, unit_id, dimension, value, count)
WITH m AS (
    SELECT cell_id, sex, {_age_case()} AS age, ethnicity, religion, education, qualification, theory, status
    FROM (SELECT *, date_part('year', age(%(as_of)s::date, date_of_birth))::int AS a
          FROM members_member WHERE status <> ALL(%(gone)s)) mm
),
x AS (
    SELECT cell_id AS unit_id, CASE {_DIMENSION_OF} ELSE 'total' END AS dimension,
           COALESCE({", ".join(MEMBER_DIMENSIONS)}, '') AS value, count(*) AS n
    FROM m GROUP BY GROUPING SETS ({_SETS})
    UNION ALL
    SELECT cell_id, 'rating:' || year, CASE WHEN approved_level <> '' THEN approved_level
        WHEN proposed_level <> '' THEN 'proposed' ELSE 'self' END, count(*)
    FROM ratings_memberrating GROUP BY 1, 2, 3
    UNION ALL
    SELECT unit_id, 'unit_rating:' || year, CASE WHEN approved_level <> '' THEN approved_level
        WHEN proposed_level <> '' THEN 'proposed' ELSE 'self' END, count(*)
    FROM ratings_unitrating GROUP BY 1, 2, 3
)
SELECT %(gen)s, a.unit_id, x.dimension, x.value, SUM(x.n)
FROM x JOIN org_orgunit o ON o.id = x.unit_id
CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')::bigint[]) AS a(unit_id)
GROUP BY 2, 3, 4
"""

SIZES_SQL = f"""
INSERT INTO reports_tally (generation, unit_id, dimension, value, count)
SELECT %(gen)s, a.unit_id, 'cell_size', {_size_case("COALESCE(t.count, 0)")}, count(*)
FROM org_orgunit o
LEFT JOIN reports_tally t ON t.unit_id = o.id AND t.generation = %(gen)s AND t.dimension = 'total'
CROSS JOIN LATERAL unnest(string_to_array(rtrim(o.path, '.'), '.')::bigint[]) AS a(unit_id)
WHERE o.kind = 'cell' AND o.valid_to IS NULL
GROUP BY 2, 4
"""


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
        params: dict[str, Any] = {"gen": new, "as_of": as_of, "gone": [s.value for s in GONE_STATUSES]}
        with connection.cursor() as cursor:
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
