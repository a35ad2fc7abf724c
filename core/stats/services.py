"""Refresh of the pre-aggregated adoption figures: one set-based statement per month.

`adoption_refresh(month)` recomputes the figures of every depth-1 unit and of the root of the current tenant
for one month with a single INSERT … SELECT … ON CONFLICT (members joined once to the per-user facts, grouped
by GROUPING SETS (root) / (root, depth-1 unit) taken from the cell's materialised path). The definitions are
those of `core.accounts.adoption.adoption_figures`; tests check they agree row by row.

The rows are a derived cache of facts already audited where they change (accounts, devices, logins), so
a refresh writes no audit row: it runs every five minutes and would only bury real events.
"""

import datetime as dt
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.accounts.adoption import INACTIVE_STATUSES, month_bounds
from core.members.models import ExemptReason, MemberStatus

REFRESH_SQL = """
WITH dev AS (SELECT DISTINCT user_id FROM accounts_device),
ever AS (SELECT user_id FROM accounts_accountstate WHERE first_login_at IS NOT NULL),
acc AS (
    SELECT user_id, SUM(count) AS n FROM accounts_dailyaccess
    WHERE day >= %(start)s AND day < %(end)s GROUP BY user_id
),
m AS (
    SELECT
        split_part(o.path, '.', 1)::bigint AS root_id,
        NULLIF(split_part(o.path, '.', 2), '')::bigint AS top_id,
        mm.user_id IS NOT NULL AS issued,
        dev.user_id IS NOT NULL AS installed,
        ever.user_id IS NOT NULL AS ever,
        acc.user_id IS NOT NULL AS active,
        COALESCE(acc.n, 0) AS accesses,
        NOT mm.has_smartphone AS no_phone,
        mm.has_smartphone AND mm.status = %(exempt)s AND mm.exempt_reason IN (%(age)s, %(health)s) AS elderly_sick,
        mm.has_smartphone AND mm.status = %(away)s AS away
    FROM members_member mm
    JOIN org_orgunit o ON o.id = mm.cell_id
    LEFT JOIN dev ON dev.user_id = mm.user_id
    LEFT JOIN ever ON ever.user_id = mm.user_id
    LEFT JOIN acc ON acc.user_id = mm.user_id
    WHERE mm.status <> ALL(%(gone)s)
),
agg AS (
    SELECT
        CASE WHEN GROUPING(top_id) = 1 THEN root_id ELSE top_id END AS unit_id,
        COUNT(*) AS members,
        COUNT(*) FILTER (WHERE issued) AS issued,
        COUNT(*) FILTER (WHERE installed) AS installed,
        COUNT(*) FILTER (WHERE ever) AS ever,
        COUNT(*) FILTER (WHERE active) AS active,
        SUM(accesses) AS accesses,
        COUNT(*) FILTER (WHERE NOT ever AND no_phone) AS no_phone,
        COUNT(*) FILTER (WHERE NOT ever AND elderly_sick) AS elderly_sick,
        COUNT(*) FILTER (WHERE NOT ever AND away) AS away,
        COUNT(*) FILTER (WHERE NOT ever AND NOT no_phone AND NOT elderly_sick AND NOT away) AS other
    FROM m
    GROUP BY GROUPING SETS ((root_id), (root_id, top_id))
)
INSERT INTO stats_adoptionmonthly (
    unit_id, month, members, accounts_issued, installed, logged_in_ever, active_month, accesses_month,
    no_smartphone, exempt_elderly_sick, working_away, other_non_users, refreshed_at
)
SELECT
    u.id, %(start)s, COALESCE(a.members, 0), COALESCE(a.issued, 0), COALESCE(a.installed, 0),
    COALESCE(a.ever, 0), COALESCE(a.active, 0), COALESCE(a.accesses, 0), COALESCE(a.no_phone, 0),
    COALESCE(a.elderly_sick, 0), COALESCE(a.away, 0), COALESCE(a.other, 0), %(now)s
FROM org_orgunit u
LEFT JOIN agg a ON a.unit_id = u.id
WHERE u.depth <= 1
ON CONFLICT (unit_id, month) DO UPDATE SET
    members = EXCLUDED.members,
    accounts_issued = EXCLUDED.accounts_issued,
    installed = EXCLUDED.installed,
    logged_in_ever = EXCLUDED.logged_in_ever,
    active_month = EXCLUDED.active_month,
    accesses_month = EXCLUDED.accesses_month,
    no_smartphone = EXCLUDED.no_smartphone,
    exempt_elderly_sick = EXCLUDED.exempt_elderly_sick,
    working_away = EXCLUDED.working_away,
    other_non_users = EXCLUDED.other_non_users,
    refreshed_at = EXCLUDED.refreshed_at
"""


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@transaction.atomic
def adoption_refresh(month: dt.date) -> int:
    """Recompute the figures of the root and every depth-1 unit for `month`; returns the rows written."""
    start, end = month_bounds(month)
    params: dict[str, Any] = {
        "start": start,
        "end": end,
        "now": timezone.now(),
        "exempt": MemberStatus.EXEMPT.value,
        "age": ExemptReason.AGE.value,
        "health": ExemptReason.HEALTH.value,
        "away": MemberStatus.WORKING_AWAY.value,
        "gone": [s.value for s in INACTIVE_STATUSES],
    }
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, params)
        return cursor.rowcount


def adoption_refresh_recent(today: dt.date | None = None) -> int:
    """Refresh the current and the previous month (late logins still land in last month's rows), adoption and
    cell meeting figures alike (minutes and attendance of last month's meetings are often completed late)."""
    from core.stats.meeting_services import meeting_refresh

    current = (today or timezone.localdate()).replace(day=1)
    rows = 0
    for month in (previous_month(current), current):
        rows += adoption_refresh(month) + meeting_refresh(month)
    return rows
