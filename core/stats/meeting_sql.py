"""Meeting statistics of a month, per cell, in SQL (shared by the monthly refresh and the live selectors).

Definitions (one month = a calendar month in TIME_ZONE, Asia/Ho_Chi_Minh; a meeting belongs to the month of
its `starts_at` in local time):

- cells: open member-holding cells (kind cell or party group, not closed before the month, not opened after
  it) with at least one member who is not gone (transferred out, deceased, expelled, removed);
- expected: = cells (one regular meeting per cell per month);
- meetings_held: cell meetings (regular or thematic; committee meetings are not counted) with status held or
  closed in the month;
- cells_met: counted cells with at least one held/closed meeting in the month;
- attendance_present / attendance_expected: over the held/closed meetings of the month, attendance marks
  "present" / all marks except "exempt" (so exempt members never lower the rate);
- opinions: opinions given (by the member or by proxy) on meetings of the month, whatever their status;
- tasks_overdue: tasks of the cells' meetings (not of committee meetings) not cancelled, created before the
  cut-off, due before the cut-off's local
  day and not completed before the cut-off; the cut-off is the end of the month, or now for the current month.

Percentages (one decimal, 0.0 when the denominator is 0): held rate = cells_met / expected, attendance rate =
attendance_present / attendance_expected.
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from core.meetings.models import AttendanceStatus, MeetingKind, MeetingStatus, TaskStatus
from core.members.models import GONE_STATUSES
from core.org.models import OrgKind

# Per unit of the tenant (any kind): its ids along the path and the month's figures of the unit itself (only
# cells hold meetings). `{units}` narrows the units (e.g. to a subtree) before anything is joined.
PER_UNIT_CTE = """
u AS (
    SELECT o.id, o.path, o.depth,
        split_part(o.path, '.', 1)::bigint AS root_id,
        NULLIF(split_part(o.path, '.', 2), '')::bigint AS top_id,
        (o.kind IN (%(cell)s, %(group)s)
            AND (o.valid_to IS NULL OR o.valid_to >= %(start_day)s)
            AND (o.valid_from IS NULL OR o.valid_from < %(end_day)s)
            AND EXISTS (
                SELECT 1 FROM members_member mm WHERE mm.cell_id = o.id AND mm.status <> ALL(%(gone)s)
            )) AS counted
    FROM org_orgunit o
    WHERE {units}
),
mt AS (
    SELECT m.id, m.cell_id, m.status IN (%(held)s, %(closed)s) AS held
    FROM meetings_meeting m JOIN u ON u.id = m.cell_id
    WHERE m.starts_at >= %(start)s AND m.starts_at < %(end)s AND m.kind <> %(committee)s
),
held AS (SELECT cell_id, COUNT(*) AS n FROM mt WHERE held GROUP BY cell_id),
att AS (
    SELECT mt.cell_id,
        COUNT(*) FILTER (WHERE a.status = %(present)s) AS present,
        COUNT(*) FILTER (WHERE a.status <> %(exempt_mark)s) AS expected
    FROM meetings_attendance a JOIN mt ON mt.id = a.meeting_id
    WHERE mt.held
    GROUP BY mt.cell_id
),
op AS (
    SELECT mt.cell_id, COUNT(*) AS n FROM meetings_opinion op JOIN mt ON mt.id = op.meeting_id GROUP BY mt.cell_id
),
tk AS (
    SELECT t.cell_id, COUNT(*) AS n
    FROM meetings_meetingtask t JOIN u ON u.id = t.cell_id
    WHERE t.status <> %(cancelled_task)s AND t.created_at < %(cutoff)s AND t.due_date < %(cutoff_day)s
        AND (t.completed_at IS NULL OR t.completed_at >= %(cutoff)s)
        AND (t.status <> %(done_task)s OR t.completed_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM meetings_meeting cm WHERE cm.id = t.meeting_id AND cm.kind = %(committee)s)
    GROUP BY t.cell_id
),
per_unit AS (
    SELECT u.id, u.path, u.depth, u.root_id, u.top_id, u.counted,
        COALESCE(held.n, 0) AS meetings_held,
        COALESCE(att.present, 0) AS present,
        COALESCE(att.expected, 0) AS att_expected,
        COALESCE(op.n, 0) AS opinions,
        COALESCE(tk.n, 0) AS tasks_overdue
    FROM u
    LEFT JOIN held ON held.cell_id = u.id
    LEFT JOIN att ON att.cell_id = u.id
    LEFT JOIN op ON op.cell_id = u.id
    LEFT JOIN tk ON tk.cell_id = u.id
)
"""

# Sums over a group of per_unit rows, in MeetingMonthly's column order after unit and month.
AGGREGATES = """
    COUNT(*) FILTER (WHERE counted) AS cells,
    COUNT(*) FILTER (WHERE counted AND meetings_held > 0) AS cells_met,
    COALESCE(SUM(meetings_held), 0)::bigint AS meetings_held,
    COALESCE(SUM(present), 0)::bigint AS attendance_present,
    COALESCE(SUM(att_expected), 0)::bigint AS attendance_expected,
    COALESCE(SUM(opinions), 0)::bigint AS opinions,
    COALESCE(SUM(tasks_overdue), 0)::bigint AS tasks_overdue
"""


def month_window(month: dt.date, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
    """Local-midnight bounds of `month` (aware) and the overdue cut-off: the month's end, or now if sooner."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start_day = month.replace(day=1)
    end_day = (start_day + dt.timedelta(days=32)).replace(day=1)
    start = dt.datetime.combine(start_day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(end_day, dt.time(), tzinfo=zone)
    return start, end, min(end, now or timezone.now())


def params(month: dt.date, now: dt.datetime | None = None) -> dict[str, Any]:
    start, end, cutoff = month_window(month, now)
    return {
        "start": start,
        "end": end,
        "start_day": start.date(),
        "end_day": end.date(),
        "cutoff": cutoff,
        "cutoff_day": timezone.localtime(cutoff).date(),
        "held": MeetingStatus.HELD.value,
        "committee": MeetingKind.COMMITTEE.value,
        "closed": MeetingStatus.CLOSED.value,
        "present": AttendanceStatus.PRESENT.value,
        "exempt_mark": AttendanceStatus.EXEMPT.value,
        "cancelled_task": TaskStatus.CANCELLED.value,
        "done_task": TaskStatus.DONE.value,
        "cell": OrgKind.CELL.value,
        "group": OrgKind.PARTY_GROUP.value,
        "gone": [s.value for s in GONE_STATUSES],
        "now": now or timezone.now(),
    }
