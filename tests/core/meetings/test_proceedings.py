"""Proceedings services: held → minutes (four eyes) → resolution → tasks → close (automatic marks, locks) → the
next meeting reviews the tasks; cancel (notifies if published); task status by owner and secretary; overdue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.access.models import Role
from core.audit.models import AuditEvent
from core.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MeetingTask,
    Minutes,
    MinutesStatus,
    Resolution,
    TaskReview,
    TaskStatus,
)
from core.meetings.selectors_proceedings import overdue_tasks, tasks_to_review
from core.meetings.services.checkin import attendance_check_in, checkin_code
from core.meetings.services.participation import attendance_set, opinion_submit
from core.meetings.services.proceedings import (
    ReviewEntry,
    meeting_cancel,
    meeting_close,
    meeting_mark_held,
    minutes_approve,
    minutes_save,
    resolution_record,
    task_add,
    task_review,
    task_update_status,
)
from core.meetings.services.scheduling import agenda_item_add, meeting_schedule
from core.members.models import Member, MemberStatus
from core.notifications.models import Notification
from tests.core.meetings.conftest import give_account, published_meeting
from tests.factories.org import user_with


def _held(tree, **kwargs) -> Meeting:
    meeting = published_meeting(tree, **kwargs)
    sec = tree.users.get(f"sec_{meeting.cell.code.lower()}")
    return meeting_mark_held(meeting=meeting, actor=sec, now=meeting.starts_at + dt.timedelta(minutes=1))


def _deputy(tree):
    return user_with("dep_x", (Role.CELL_DEPUTY, tree.x))


# --- the whole flow ----------------------------------------------------------------------------------------------


def test_publish_held_minutes_resolution_tasks_close_and_review_at_next_meeting(tree):
    sec, dep, member = tree.users["sec_x"], _deputy(tree), tree.users["member_x"]
    x0, x1, x2 = tree.members["X"]
    Member.objects.filter(pk=x1.pk).update(status=MemberStatus.EXEMPT, exempt_reason="age")
    meeting = published_meeting(tree)

    # held: only from the start time on, only by a runner
    with pytest.raises(ValidationError, match="Chưa đến giờ họp"):
        meeting_mark_held(meeting=meeting, actor=sec)
    with pytest.raises(PermissionDenied):
        meeting_mark_held(meeting=meeting, actor=member, now=meeting.starts_at)
    with pytest.raises(ValidationError, match="khi buổi sinh hoạt đã diễn ra"):
        minutes_save(meeting=meeting, actor=sec, text="Quá sớm")
    meeting = meeting_mark_held(meeting=meeting, actor=sec, now=meeting.starts_at + dt.timedelta(minutes=2))
    assert meeting.status == MeetingStatus.HELD and meeting.held_at == meeting.starts_at + dt.timedelta(minutes=2)
    attendance_set(meeting=meeting, member=x0, status=AttendanceStatus.PRESENT, actor=sec)

    # minutes: the secretary writes, cannot approve own minutes; a member cannot; the deputy approves
    with pytest.raises(PermissionDenied):
        minutes_save(meeting=meeting, actor=member, text="Không được")
    minutes_save(meeting=meeting, actor=sec, text="Biên bản nháp")
    minutes = minutes_save(meeting=meeting, actor=sec, text="Biên bản sinh hoạt tháng 12")
    assert Minutes.objects.count() == 1 and minutes.status == MinutesStatus.DRAFT and minutes.written_by == sec
    with pytest.raises(ValidationError, match="không tự duyệt") as refused:
        minutes_approve(meeting=meeting, actor=sec)
    assert "phó bí thư" in refused.value.messages[0]
    with pytest.raises(PermissionDenied, match="cấp ủy chi bộ duyệt"):
        minutes_approve(meeting=meeting, actor=member)
    with pytest.raises(ValidationError, match="biên bản đã được duyệt"):
        meeting_close(meeting=meeting, actor=sec)
    minutes = minutes_approve(meeting=meeting, actor=dep)
    assert (minutes.status, minutes.approved_by) == (MinutesStatus.APPROVED, dep) and minutes.approved_at
    with pytest.raises(ValidationError, match="đã được duyệt"):
        minutes_save(meeting=meeting, actor=sec, text="Sửa sau khi duyệt")
    assert Minutes.objects.get().text == "Biên bản sinh hoạt tháng 12"

    # resolution: recorded once held, editable until closed (one row)
    resolution_record(meeting=meeting, actor=sec, text="Nghị quyết: làm đường")
    resolution = resolution_record(meeting=meeting, actor=dep, text="Nghị quyết: làm đường liên thôn")
    assert Resolution.objects.get().text == "Nghị quyết: làm đường liên thôn" and resolution.vote is None

    # tasks: owner from the cell or nobody; due on or after the meeting's date
    today = timezone.localdate(meeting.starts_at)
    road = task_add(
        meeting=meeting, actor=sec, title="Vận động làm đường", due_date=today + dt.timedelta(days=20), owner=x0
    )
    fund = task_add(meeting=meeting, actor=sec, title="Thu quỹ", due_date=today)
    assert road.cell == tree.x and road.owner == x0 and fund.owner is None and road.status == TaskStatus.OPEN
    with pytest.raises(ValidationError, match="trước ngày họp"):
        task_add(meeting=meeting, actor=sec, title="Muộn", due_date=today - dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="đảng viên của chi bộ"):
        task_add(meeting=meeting, actor=sec, title="Sai chi bộ", due_date=today, owner=tree.members["Y"][0])

    # close: unmarked members get exempt (exempt members) or unexcused; then everything is locked
    plan = meeting_close(meeting=meeting, actor=sec)
    assert [m.pk for m in plan.unexcused] == [x2.pk] and [m.pk for m in plan.exempt] == [x1.pk]
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert marks == {x0.pk: "present", x1.pk: "exempt", x2.pk: "unexcused"}
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CLOSED and meeting.closed_at is not None
    event = AuditEvent.objects.get(action="meeting.closed")
    assert event.changes == {"auto_unexcused": [x2.pk], "auto_exempt": [x1.pk]} and event.scope_path == tree.x.path
    with pytest.raises(ValidationError, match="đã kết thúc"):
        opinion_submit(meeting=meeting, member=x0, text="Muộn", actor=member)
    with pytest.raises(ValidationError, match="không thể sửa điểm danh"):
        attendance_set(meeting=meeting, member=x2, status=AttendanceStatus.PRESENT, actor=sec)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        resolution_record(meeting=meeting, actor=sec, text="Sửa")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        task_add(meeting=meeting, actor=sec, title="Thêm", due_date=today)
    with pytest.raises(ValidationError):
        meeting_close(meeting=meeting, actor=sec)
    assert Attendance.objects.get(meeting=meeting, member=x2).status == AttendanceStatus.UNEXCUSED

    # the next meeting of the cell follows up the open tasks
    task_update_status(task=fund, actor=sec, status=TaskStatus.CANCELLED)
    later = published_meeting(tree, starts_in=dt.timedelta(days=30))
    assert list(tasks_to_review(later)) == [road]  # cancelled tasks are not reviewed
    assert list(tasks_to_review(meeting)) == []  # tasks of this or later meetings are not
    with pytest.raises(ValidationError, match="buổi sinh hoạt đang diễn ra"):  # not at a closed meeting
        task_review(meeting=meeting, actor=sec, entries=[ReviewEntry(task=road, status=TaskStatus.DONE)])
    y_meeting = published_meeting(tree, cell=tree.y, starts_in=dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="kỳ họp trước"):  # nor at another cell's meeting
        task_review(meeting=y_meeting, actor=tree.users["sec_y"], entries=[ReviewEntry(task=road, status="done")])
    with pytest.raises(ValidationError, match="đã hoàn thành hoặc đã hủy"):
        task_review(meeting=later, actor=sec, entries=[ReviewEntry(task=fund, status=TaskStatus.DONE)])
    with pytest.raises(PermissionDenied):
        task_review(meeting=later, actor=member, entries=[ReviewEntry(task=road, status=TaskStatus.DONE)])
    task_review(meeting=later, actor=sec, entries=[ReviewEntry(task=road, status=TaskStatus.IN_PROGRESS, note="50%")])
    task_review(meeting=later, actor=sec, entries=[ReviewEntry(task=road, status=TaskStatus.DONE, note="Xong")])
    review = TaskReview.objects.get()  # a second review at the same meeting corrects the first
    assert (review.meeting, review.status, review.note, review.reviewed_by) == (later, "done", "Xong", sec)
    road.refresh_from_db()
    assert road.status == TaskStatus.DONE and road.completed_at is not None
    assert list(tasks_to_review(later)) == []

    actions = set(AuditEvent.objects.filter(scope_path=tree.x.path).values_list("action", flat=True))
    assert {
        "meeting.held",
        "meeting.minutes_saved",
        "meeting.minutes_approved",
        "meeting.resolution_recorded",
        "meeting.task_added",
        "meeting.task_status",
        "meeting.closed",
        "meeting.tasks_reviewed",
    } <= actions


def test_four_eyes_follow_the_last_writer(tree):
    sec, dep = tree.users["sec_x"], _deputy(tree)
    meeting = _held(tree)
    minutes_save(meeting=meeting, actor=sec, text="Bản của bí thư")
    minutes_save(meeting=meeting, actor=dep, text="Bản phó bí thư sửa")
    with pytest.raises(ValidationError, match="không tự duyệt"):
        minutes_approve(meeting=meeting, actor=dep)
    assert minutes_approve(meeting=meeting, actor=sec).approved_by == sec
    with pytest.raises(ValidationError, match="đã được duyệt"):
        minutes_approve(meeting=meeting, actor=dep)
    with pytest.raises(PermissionDenied):  # a secretary of another cell is not on this cell's committee
        minutes_approve(meeting=meeting, actor=user_with("sec_y", (Role.CELL_SECRETARY, tree.y)))


def test_a_meeting_runner_of_another_cell_cannot_touch_proceedings(tree):
    meeting = _held(tree)
    sec_y = user_with("sec_y", (Role.CELL_SECRETARY, tree.y))
    today = timezone.localdate()
    for call in (
        lambda: minutes_save(meeting=meeting, actor=sec_y, text="x"),
        lambda: resolution_record(meeting=meeting, actor=sec_y, text="x"),
        lambda: task_add(meeting=meeting, actor=sec_y, title="x", due_date=today),
        lambda: meeting_close(meeting=meeting, actor=sec_y),
        lambda: meeting_cancel(meeting=meeting, actor=sec_y, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert not Minutes.objects.exists() and not Resolution.objects.exists() and not MeetingTask.objects.exists()


# --- cancel ------------------------------------------------------------------------------------------------------


def test_cancel_published_meeting_notifies_members_and_locks_it(tree):
    sec = tree.users["sec_x"]
    other_user = give_account(tree.members["X"][1], "dv_x2")
    meeting = published_meeting(tree)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError, match="lý do"):
        meeting_cancel(meeting=meeting, actor=sec, reason="  ")
    with pytest.raises(PermissionDenied):
        meeting_cancel(meeting=meeting, actor=tree.users["member_x"], reason="Mưa bão")
    assert meeting_cancel(meeting=meeting, actor=sec, reason="Mưa bão") == 2
    assert set(Notification.objects.values_list("user", flat=True)) == {tree.users["member_x"].pk, other_user.pk}
    assert all("HỦY" in n.text and "Mưa bão" in n.text for n in Notification.objects.all())
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancelled_reason) == (MeetingStatus.CANCELLED, "Mưa bão")
    assert AuditEvent.objects.get(action="meeting.cancelled").changes["notified"] == 2
    # nothing more happens on a cancelled meeting
    code = checkin_code(meeting) or ""
    with pytest.raises(ValidationError, match="đã kết thúc"):
        attendance_check_in(meeting=meeting, member_user=tree.users["member_x"], code=code)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        opinion_submit(meeting=meeting, member=tree.members["X"][0], text="x", actor=tree.users["member_x"])
    with pytest.raises(ValidationError):
        agenda_item_add(meeting=meeting, title="Thêm", actor=sec)
    with pytest.raises(ValidationError, match="không thể sửa điểm danh"):
        attendance_set(meeting=meeting, member=tree.members["X"][0], status="present", actor=sec)
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        meeting_cancel(meeting=meeting, actor=sec, reason="Lần nữa")
    with pytest.raises(ValidationError, match="đã thông báo"):
        meeting_mark_held(meeting=meeting, actor=sec, now=meeting.starts_at)


def test_cancel_draft_notifies_nobody_and_held_cannot_be_cancelled(tree):
    sec = tree.users["sec_x"]
    start = timezone.now() + dt.timedelta(days=3)
    draft = meeting_schedule(
        cell=tree.x, title="Nháp", starts_at=start, ends_at=start + dt.timedelta(hours=1), actor=sec
    )
    assert meeting_cancel(meeting=draft, actor=sec, reason="Trùng lịch") == 0
    assert not Notification.objects.exists()
    held = _held(tree)
    with pytest.raises(ValidationError, match="chưa diễn ra"):
        meeting_cancel(meeting=held, actor=sec, reason="Muộn")


# --- tasks -------------------------------------------------------------------------------------------------------


def test_owner_updates_own_task_secretary_any(tree):
    sec = tree.users["sec_x"]
    meeting = _held(tree)
    owner = tree.members["X"][1]
    owner_user = give_account(owner, "dv_x2")
    task = task_add(
        meeting=meeting, actor=sec, title="Báo cáo", due_date=timezone.localdate(meeting.starts_at), owner=owner
    )
    assert task_update_status(task=task, actor=owner_user, status=TaskStatus.IN_PROGRESS).status == "in_progress"
    done = task_update_status(task=task, actor=owner_user, status=TaskStatus.DONE)
    assert done.status == TaskStatus.DONE and done.completed_at is not None
    with pytest.raises(ValidationError, match="Người được giao chỉ"):
        task_update_status(task=task, actor=owner_user, status=TaskStatus.CANCELLED)
    with pytest.raises(PermissionDenied, match="người được giao"):
        task_update_status(task=task, actor=tree.users["member_x"], status=TaskStatus.DONE)
    reopened = task_update_status(task=task, actor=sec, status=TaskStatus.OPEN)
    assert reopened.status == TaskStatus.OPEN and reopened.completed_at is None
    event = AuditEvent.objects.filter(action="meeting.task_status").earliest("pk")
    assert event.actor == owner_user and event.changes == {
        "status": {"from": "open", "to": "in_progress"},
        "as_owner": True,
    }


def test_overdue_tasks(tree):
    sec = tree.users["sec_x"]
    meeting = _held(tree)
    today = timezone.localdate(meeting.starts_at)  # the meeting's day (it starts in 10 minutes: maybe tomorrow)
    late = task_add(meeting=meeting, actor=sec, title="Trễ", due_date=today)
    task_add(meeting=meeting, actor=sec, title="Còn hạn", due_date=today + dt.timedelta(days=10))
    done = task_add(meeting=meeting, actor=sec, title="Xong", due_date=today)
    task_update_status(task=done, actor=sec, status=TaskStatus.DONE)
    y_meeting = _held(tree, cell=tree.y)
    task_add(meeting=y_meeting, actor=tree.users["sec_y"], title="Chi bộ khác", due_date=today)
    assert list(overdue_tasks(tree.x, today=today + dt.timedelta(days=1))) == [late]
    assert list(overdue_tasks(tree.x, today=today)) == []
