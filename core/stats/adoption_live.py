"""Adoption figures of each child of a unit for one month, live, in one statement — below the rollout units,
where nothing is pre-aggregated (subtrees there are a district at most). Same definitions as
`core.accounts.adoption.adoption_figures` (tests hold them equal, child by child)."""

import datetime as dt
from typing import Any

from django.db import connection

from core.accounts.adoption import INACTIVE_STATUSES, AdoptionFigures, Figure, month_bounds
from core.members.models import ExemptReason, MemberStatus
from core.org.models import OrgUnit

CHILDREN_SQL = """
WITH m AS (
    SELECT
        split_part(o.path, '.', %(child_part)s)::bigint AS child_id,
        mm.user_id,
        EXISTS (SELECT 1 FROM accounts_device d WHERE d.user_id = mm.user_id) AS installed,
        EXISTS (SELECT 1 FROM accounts_accountstate s WHERE s.user_id = mm.user_id
                AND s.first_login_at IS NOT NULL) AS ever,
        EXISTS (SELECT 1 FROM accounts_dailyaccess a WHERE a.user_id = mm.user_id
                AND a.day >= %(start)s AND a.day < %(end)s) AS active,
        (SELECT COALESCE(SUM(a.count), 0) FROM accounts_dailyaccess a WHERE a.user_id = mm.user_id
                AND a.day >= %(start)s AND a.day < %(end)s) AS accesses,
        NOT mm.has_smartphone AS no_phone,
        mm.has_smartphone AND mm.status = %(exempt)s AND mm.exempt_reason IN (%(age)s, %(health)s) AS elderly_sick,
        mm.has_smartphone AND mm.status = %(away)s AS away
    FROM members_member mm
    JOIN org_orgunit o ON o.id = mm.cell_id
    WHERE o.path LIKE %(prefix)s AND o.depth > %(depth)s AND mm.status <> ALL(%(gone)s)
)
SELECT child_id, COUNT(*), COUNT(user_id), COUNT(*) FILTER (WHERE installed), COUNT(*) FILTER (WHERE ever),
       COUNT(*) FILTER (WHERE active), SUM(accesses), COUNT(*) FILTER (WHERE NOT ever),
       COUNT(*) FILTER (WHERE NOT ever AND no_phone), COUNT(*) FILTER (WHERE NOT ever AND elderly_sick),
       COUNT(*) FILTER (WHERE NOT ever AND away)
FROM m GROUP BY child_id
"""


def _figures(unit_id: int, month: dt.date, row: tuple[int, ...]) -> AdoptionFigures:
    total, issued, installed, ever, active, accesses, never, no_phone, sick, away = row

    def fig(n: int) -> Figure:
        return Figure(count=n, pct_of_members=round(100.0 * n / total, 1) if total else 0.0)

    return AdoptionFigures(
        unit_id=unit_id,
        month=month,
        members=total,
        accounts_issued=fig(issued),
        installed=fig(installed),
        logged_in_ever=fig(ever),
        logged_in_this_month=fig(active),
        accesses_this_month=int(accesses or 0),
        non_users=fig(never),
        non_users_no_smartphone=fig(no_phone),
        non_users_exempt_elderly_sick=fig(sick),
        non_users_working_away=fig(away),
        non_users_other=fig(never - no_phone - sick - away),
    )


def adoption_children(unit: OrgUnit, month: dt.date) -> list[tuple[OrgUnit, AdoptionFigures]]:
    """Every open child of `unit` (units without members included, with zeros), by code: two queries."""
    start, end = month_bounds(month)
    params: dict[str, Any] = {
        "start": start,
        "end": end,
        "prefix": unit.path + "%",
        "depth": unit.depth,
        "child_part": unit.depth + 2,
        "exempt": MemberStatus.EXEMPT.value,
        "age": ExemptReason.AGE.value,
        "health": ExemptReason.HEALTH.value,
        "away": MemberStatus.WORKING_AWAY.value,
        "gone": [s.value for s in INACTIVE_STATUSES],
    }
    with connection.cursor() as cursor:
        cursor.execute(CHILDREN_SQL, params)
        rows = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    children = unit.children.filter(valid_to__isnull=True).order_by("code")
    empty = (0,) * 10
    return [(child, _figures(child.pk, start, rows.get(child.pk, empty))) for child in children]
