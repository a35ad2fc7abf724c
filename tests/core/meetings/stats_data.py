"""Hand-made raw meeting rows of March/April 2026 in the `tree` of alpha, and the figures they should give."""

import datetime as dt
from zoneinfo import ZoneInfo

from core.meetings.models import Attendance, Meeting, MeetingKind, MeetingTask, Opinion
from core.members.models import MemberStatus
from core.org.models import OrgKind, OrgUnit
from core.org.services import org_unit_create
from tests.factories.org import MemberFactory, Tree

MARCH = dt.date(2026, 3, 1)
APRIL = dt.date(2026, 4, 1)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
FIELDS = ("cells", "cells_met", "meetings_held", "attendance_present", "attendance_expected", "opinions",
          "tasks_overdue")  # fmt: skip
# By hand from the rows of `facts` below.
EXPECTED_MARCH = {
    "ROOT": (3, 2, 3, 4, 6, 3, 2),
    "D1": (2, 1, 2, 3, 4, 3, 2),  # X held 2 meetings (present 1+2 of 2+2 non-exempt marks), Y none
    "D2": (1, 1, 1, 1, 2, 0, 0),  # Z; W has no member left and is not counted
}


def _local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=HCM)


def _meeting(cell: OrgUnit, starts: dt.datetime, status: str, kind: str = MeetingKind.REGULAR) -> Meeting:
    return Meeting.objects.create(
        cell=cell, kind=kind, title="Sinh hoạt", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), status=status
    )


def _task(cell: OrgUnit, meeting: Meeting, due: dt.date, status: str, completed: dt.datetime | None) -> None:
    task = MeetingTask.objects.create(cell=cell, meeting=meeting, title="Nhiệm vụ", due_date=due, status=status)
    MeetingTask.objects.filter(pk=task.pk).update(created_at=_local(2026, 3, 10, 21), completed_at=completed)


def build_stats_facts(tree: Tree) -> Tree:
    OrgUnit.objects.update(valid_from=dt.date(2020, 1, 1))  # cells count only from the day they were opened
    x0, x1, x2 = tree.members["X"]
    z0, z1 = tree.members["Z"]
    w = org_unit_create(code="W", name="Chi bộ đã chuyển hết", kind=OrgKind.CELL, parent=tree.d2)
    OrgUnit.objects.filter(pk=w.pk).update(valid_from=dt.date(2020, 1, 1))
    MemberFactory(cell=w, status=MemberStatus.TRANSFERRED_OUT)
    regular = _meeting(tree.x, _local(2026, 3, 10, 19), "held")
    for member, mark in ((x0, "present"), (x1, "excused"), (x2, "exempt")):
        Attendance.objects.create(meeting=regular, member=member, status=mark)
    Opinion.objects.create(meeting=regular, member=x0, text="Đồng ý")
    Opinion.objects.create(meeting=regular, member=x1, text="Bổ sung")
    late = _meeting(tree.x, _local(2026, 3, 31, 23, 30), "closed", MeetingKind.THEMATIC)  # 16:30 UTC, still March
    for member in (x0, x1):
        Attendance.objects.create(meeting=late, member=member, status="present")
    cancelled = _meeting(tree.x, _local(2026, 3, 20, 19), "cancelled")
    Opinion.objects.create(meeting=cancelled, member=x2, text="Xin vắng")
    april = _meeting(tree.x, _local(2026, 4, 1, 0, 30), "held")  # 31 March 17:30 UTC: an April meeting
    Attendance.objects.create(meeting=april, member=x0, status="unexcused")
    _meeting(tree.y, _local(2026, 3, 15, 8), "published")  # announced, never held
    z_meeting = _meeting(tree.z, _local(2026, 3, 5, 8), "held")
    Attendance.objects.create(meeting=z_meeting, member=z0, status="present")
    Attendance.objects.create(meeting=z_meeting, member=z1, status="unexcused")
    _meeting(tree.z, _local(2026, 2, 28, 8), "held")  # February
    _task(tree.x, regular, dt.date(2026, 3, 20), "open", None)  # overdue since 21 March
    _task(tree.x, regular, dt.date(2026, 3, 20), "done", _local(2026, 3, 25, 9))  # late but done in March
    _task(tree.x, regular, dt.date(2026, 3, 20), "done", _local(2026, 4, 5, 9))  # overdue at the end of March
    _task(tree.z, z_meeting, dt.date(2026, 4, 10), "in_progress", None)  # due in April
    _task(tree.z, z_meeting, dt.date(2026, 3, 1), "cancelled", None)
    return tree
