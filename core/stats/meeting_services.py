"""Refresh of the pre-aggregated cell meeting figures (`MeetingMonthly`): one statement per month.

`meeting_refresh(month)` recomputes the root's and every depth-1 unit's figures for one month of the current
tenant with a single INSERT … SELECT … ON CONFLICT: per-unit facts (`core.stats.meeting_sql.PER_UNIT_CTE`)
grouped by GROUPING SETS (root) / (root, depth-1 unit) taken from the materialised path. Like the adoption
rows they are a derived cache of audited facts, so a refresh writes no audit row.
"""

import datetime as dt

from django.db import connection, transaction

from core.stats.meeting_sql import AGGREGATES, PER_UNIT_CTE, params

REFRESH_SQL = f"""
WITH {PER_UNIT_CTE.format(units="TRUE")},
agg AS (
    SELECT CASE WHEN GROUPING(top_id) = 1 THEN root_id ELSE top_id END AS unit_id, {AGGREGATES}
    FROM per_unit
    GROUP BY GROUPING SETS ((root_id), (root_id, top_id))
)
INSERT INTO stats_meetingmonthly (
    unit_id, month, cells, cells_met, meetings_held, expected, attendance_present, attendance_expected,
    opinions, tasks_overdue, refreshed_at
)
SELECT
    o.id, %(start_day)s, COALESCE(a.cells, 0), COALESCE(a.cells_met, 0), COALESCE(a.meetings_held, 0),
    COALESCE(a.cells, 0), COALESCE(a.attendance_present, 0), COALESCE(a.attendance_expected, 0),
    COALESCE(a.opinions, 0), COALESCE(a.tasks_overdue, 0), %(now)s
FROM org_orgunit o
LEFT JOIN agg a ON a.unit_id = o.id
WHERE o.depth <= 1
ON CONFLICT (unit_id, month) DO UPDATE SET
    cells = EXCLUDED.cells,
    cells_met = EXCLUDED.cells_met,
    meetings_held = EXCLUDED.meetings_held,
    expected = EXCLUDED.expected,
    attendance_present = EXCLUDED.attendance_present,
    attendance_expected = EXCLUDED.attendance_expected,
    opinions = EXCLUDED.opinions,
    tasks_overdue = EXCLUDED.tasks_overdue,
    refreshed_at = EXCLUDED.refreshed_at
"""


@transaction.atomic
def meeting_refresh(month: dt.date, now: dt.datetime | None = None) -> int:
    """Recompute the meeting figures of the root and every depth-1 unit for `month`; returns the rows written."""
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, params(month, now))
        return cursor.rowcount
