"""Cell meeting figures: stored monthly rows and live selectors computed from hand-made raw rows (held vs
expected, attendance without exempt marks, opinions, overdue tasks), local-month boundaries, roll-up."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.meetings.models import Attendance, Meeting, MeetingKind, MeetingTask, Opinion
from core.members.models import MemberStatus
from core.org.models import OrgKind, OrgUnit
from core.org.services import org_unit_create
from core.stats.meeting_selectors import meeting_cells, meeting_children, meeting_unit
from core.stats.meeting_services import meeting_refresh
from core.stats.models import MeetingMonthly
from core.stats.services import adoption_refresh_recent
from tests.factories.org import MemberFactory
from tests.helpers import in_tenant

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


def _local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=HCM)


def _meeting(cell: OrgUnit, starts: dt.datetime, status: str, kind: str = MeetingKind.REGULAR) -> Meeting:
    return Meeting.objects.create(
        cell=cell, kind=kind, title="Sinh hoạt", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), status=status
    )


def _task(cell: OrgUnit, meeting: Meeting, due: dt.date, status: str, completed: dt.datetime | None) -> None:
    task = MeetingTask.objects.create(cell=cell, meeting=meeting, title="Nhiệm vụ", due_date=due, status=status)
    MeetingTask.objects.filter(pk=task.pk).update(created_at=_local(2026, 3, 10, 21), completed_at=completed)


@pytest.fixture
def facts(tree):
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


def _rows(month: dt.date) -> dict[str, MeetingMonthly]:
    return {r.unit.code: r for r in MeetingMonthly.objects.filter(month=month).select_related("unit")}


def _tuple(row: object) -> tuple[int, ...]:
    return tuple(getattr(row, f) for f in FIELDS)


def test_refresh_counts_exactly_what_the_raw_rows_say(facts):
    assert meeting_refresh(MARCH) == 3  # root and the two depth-1 units
    rows = _rows(MARCH)
    assert {code: _tuple(row) for code, row in rows.items()} == EXPECTED_MARCH
    root = rows["ROOT"]
    assert root.expected == root.cells == 3
    assert (root.held_pct, root.attendance_pct) == (66.7, 66.7)
    assert (rows["D1"].held_pct, rows["D1"].attendance_pct, rows["D2"].held_pct) == (50.0, 75.0, 100.0)


def test_april_takes_the_late_night_meeting_and_counts_overdue_up_to_now(facts):
    meeting_refresh(APRIL)
    d1, d2 = _rows(APRIL)["D1"], _rows(APRIL)["D2"]
    assert (d1.cells_met, d1.meetings_held, d1.attendance_present, d1.attendance_expected) == (1, 1, 0, 1)
    assert d1.tasks_overdue == 1  # the open one; the other was completed on 5 April
    assert d2.tasks_overdue == 1  # due 10 April, still in progress
    assert (d2.meetings_held, d2.held_pct, d2.attendance_pct) == (0, 0.0, 0.0)


def test_live_selectors_agree_with_the_stored_rows(facts):
    meeting_refresh(MARCH)
    rows = _rows(MARCH)
    for code in ("ROOT", "D1", "D2"):
        assert _tuple(meeting_unit(OrgUnit.objects.get(code=code), MARCH)) == _tuple(rows[code])
    cells = {f.unit.code: _tuple(f) for f in meeting_cells(facts.d1, MARCH)}
    assert cells == {"X": (1, 1, 2, 3, 4, 3, 2), "Y": (1, 0, 0, 0, 0, 0, 0)}
    children = {f.unit.code: _tuple(f) for f in meeting_children(facts.root, MARCH)}
    assert children == {"D1": EXPECTED_MARCH["D1"], "D2": EXPECTED_MARCH["D2"]}
    assert [f.unit.code for f in meeting_children(facts.d1, MARCH)] == ["C1"]


def test_live_cells_take_constant_queries(facts, django_assert_num_queries):
    with django_assert_num_queries(2):  # the figures, then the units in bulk
        assert len(meeting_cells(facts.root, MARCH)) == 3


def test_refresh_is_idempotent_and_recent_refresh_writes_meeting_rows(facts):
    meeting_refresh(MARCH)
    meeting_refresh(MARCH)
    assert MeetingMonthly.objects.filter(month=MARCH).count() == 3
    adoption_refresh_recent(dt.date(2026, 4, 17))
    assert set(MeetingMonthly.objects.values_list("month", flat=True)) == {MARCH, APRIL}


def test_refresh_touches_only_the_current_tenant(facts, beta):
    meeting_refresh(MARCH)
    with in_tenant(beta):
        assert meeting_refresh(MARCH) == 0  # beta has no tree yet
        assert MeetingMonthly.objects.count() == 0
