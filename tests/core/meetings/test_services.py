"""Meeting services: who may schedule and publish, notifications, opinions (incl. proxy), check-in codes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.audit.models import AuditEvent
from core.meetings.models import Attendance, AttendanceStatus, MeetingStatus, Opinion
from core.meetings.services.checkin import attendance_check_in, checkin_code
from core.meetings.services.participation import attendance_set, opinion_submit
from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
from core.members.models import Member, MemberStatus
from core.notifications.models import Notification
from tests.core.meetings.conftest import give_account, published_meeting


def _times(minutes: int = 60) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.now() + dt.timedelta(minutes=minutes)
    return start, start + dt.timedelta(hours=2)


# --- schedule and publish ----------------------------------------------------------------------------------------


def test_secretary_schedules_for_own_cell_only(tree):
    start, end = _times()
    sec = tree.users["sec_x"]
    meeting = meeting_schedule(cell=tree.x, title="Thường kỳ", starts_at=start, ends_at=end, actor=sec)
    assert meeting.status == MeetingStatus.DRAFT and meeting.created_by == sec
    assert AuditEvent.objects.get(action="meeting.scheduled").scope_path == tree.x.path
    with pytest.raises(PermissionDenied):
        meeting_schedule(cell=tree.y, title="Thường kỳ", starts_at=start, ends_at=end, actor=sec)
    with pytest.raises(PermissionDenied):
        meeting_schedule(cell=tree.x, title="Thường kỳ", starts_at=start, ends_at=end, actor=tree.users["member_x"])


def test_schedule_validates_times_and_kind(tree):
    start, end = _times()
    sec = tree.users["sec_x"]
    with pytest.raises(ValidationError, match="kết thúc phải sau"):
        meeting_schedule(cell=tree.x, title="A", starts_at=end, ends_at=start, actor=sec)
    with pytest.raises(ValidationError, match="đã qua"):
        meeting_schedule(
            cell=tree.x,
            title="A",
            starts_at=start - dt.timedelta(hours=3),
            ends_at=start - dt.timedelta(hours=2),
            actor=sec,
        )
    with pytest.raises(ValidationError, match="chuyên đề"):
        meeting_schedule(cell=tree.x, title="A", starts_at=start, ends_at=end, actor=sec, kind="thematic")
    with pytest.raises(ValidationError, match="chi bộ hoặc tổ đảng"):
        meeting_schedule(cell=tree.c1, title="A", starts_at=start, ends_at=end, actor=tree.users["admin_d1"])


def test_publish_notifies_every_member_of_the_cell_with_an_account(tree):
    sec = tree.users["sec_x"]
    exempt_user = give_account(tree.members["X"][1], "dv_x2")
    Member.objects.filter(pk=tree.members["X"][1].pk).update(status=MemberStatus.EXEMPT, exempt_reason="age")
    gone_user = give_account(tree.members["X"][2], "dv_x3")
    Member.objects.filter(pk=tree.members["X"][2].pk).update(status=MemberStatus.TRANSFERRED_OUT)
    give_account(tree.members["Y"][0], "dv_y")
    start, end = _times()
    meeting = meeting_schedule(
        cell=tree.x, title="Tháng 12", starts_at=start, ends_at=end, place="Nhà văn hoá", actor=sec
    )
    with pytest.raises(ValidationError, match="ít nhất một nội dung"):
        meeting_publish(meeting=meeting, actor=sec)
    agenda_item_add(meeting=meeting, title="Kiểm điểm", actor=sec)
    with pytest.raises(PermissionDenied):
        meeting_publish(meeting=meeting, actor=tree.users["btc"])  # organisation department: no act_for
    assert meeting_publish(meeting=meeting, actor=sec) == 2
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"dv_x", exempt_user.username}
    assert gone_user.username not in notified
    assert "Nhà văn hoá" in Notification.objects.get(user=tree.users["member_x"]).text
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED and meeting.published_at is not None
    with pytest.raises(ValidationError, match="đã được thông báo"):
        meeting_publish(meeting=meeting, actor=sec)
    assert Notification.objects.count() == 2


# --- opinions ----------------------------------------------------------------------------------------------------


def test_member_exempt_member_and_proxy_opinions(tree):
    meeting = published_meeting(tree)
    item = meeting.agenda_items.first()
    own = opinion_submit(
        meeting=meeting, member=tree.members["X"][0], text="Đồng ý", actor=tree.users["member_x"], agenda_item=item
    )
    assert own.recorded_by == tree.users["member_x"] and not own.is_proxy
    exempt = tree.members["X"][1]
    exempt_user = give_account(exempt, "dv_x2")
    Member.objects.filter(pk=exempt.pk).update(status=MemberStatus.EXEMPT, exempt_reason="health")
    opinion_submit(meeting=meeting, member=exempt, text="Góp ý bằng văn bản", actor=exempt_user)
    # proxy: the secretary records an opinion for a member (audited on behalf of them)
    proxied = opinion_submit(meeting=meeting, member=exempt, text="Ý kiến qua điện thoại", actor=tree.users["sec_x"])
    assert proxied.is_proxy and proxied.recorded_by == tree.users["sec_x"]
    event = AuditEvent.objects.filter(action="meeting.opinion_submitted").latest("pk")
    assert event.actor == tree.users["sec_x"] and event.on_behalf_of == exempt_user
    assert event.changes["proxy"] is True and event.changes["on_behalf_of_member"]["id"] == exempt.pk
    assert event.scope_path == tree.x.path
    assert Opinion.objects.filter(meeting=meeting).count() == 3


def test_opinion_refused_outside_the_cell_and_for_proxies_without_rights(tree):
    meeting = published_meeting(tree)
    y_user = give_account(tree.members["Y"][0], "dv_y")
    with pytest.raises(PermissionDenied):
        opinion_submit(meeting=meeting, member=tree.members["Y"][0], text="Xin góp ý", actor=y_user)
    with pytest.raises(PermissionDenied):  # a member may not speak for another member
        opinion_submit(meeting=meeting, member=tree.members["X"][1], text="Thay", actor=tree.users["member_x"])
    other = published_meeting(tree, cell=tree.y)
    with pytest.raises(ValidationError, match="không thuộc"):
        opinion_submit(
            meeting=meeting,
            member=tree.members["X"][0],
            text="Sai nội dung",
            actor=tree.users["member_x"],
            agenda_item=other.agenda_items.first(),
        )
    assert not Opinion.objects.filter(meeting=meeting).exists()


# --- check-in ----------------------------------------------------------------------------------------------------


def test_check_in_with_current_or_previous_code_once(tree):
    meeting = published_meeting(tree)
    now = timezone.now()
    code = checkin_code(meeting, now)
    assert code is not None and len(code) == 6 and code.isdigit()
    user = tree.users["member_x"]
    later = now + dt.timedelta(minutes=5)  # the next window: the previous code still works
    first = attendance_check_in(meeting=meeting, member_user=user, code=code, now=later)
    again = attendance_check_in(meeting=meeting, member_user=user, code=checkin_code(meeting, later) or "", now=later)
    assert first.pk == again.pk and first.status == AttendanceStatus.PRESENT
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert AuditEvent.objects.filter(action="meeting.checked_in").count() == 1


def test_check_in_refuses_expired_foreign_and_out_of_window_codes(tree):
    meeting = published_meeting(tree)  # starts in 10 minutes: check-in open since 5 minutes ago
    other = published_meeting(tree)
    user = tree.users["member_x"]
    now = timezone.now()
    code = checkin_code(meeting, now) or ""
    with pytest.raises(ValidationError, match="hết hạn"):
        attendance_check_in(meeting=meeting, member_user=user, code=code, now=now + dt.timedelta(minutes=20))
    with pytest.raises(ValidationError, match="không đúng"):
        attendance_check_in(meeting=meeting, member_user=user, code=checkin_code(other, now) or "", now=now)
    early = meeting.starts_at - dt.timedelta(minutes=20)
    assert checkin_code(meeting, early) is None
    with pytest.raises(ValidationError, match="Chưa đến giờ"):
        attendance_check_in(meeting=meeting, member_user=user, code=code, now=early)
    late = meeting.ends_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="đã kết thúc"):
        attendance_check_in(
            meeting=meeting, member_user=user, code=checkin_code(meeting, meeting.ends_at) or "", now=late
        )
    y_user = give_account(tree.members["Y"][0], "dv_y")
    with pytest.raises(PermissionDenied, match="không sinh hoạt"):
        attendance_check_in(meeting=meeting, member_user=y_user, code=code, now=now)
    assert not Attendance.objects.exists()


def test_secretary_sets_attendance_with_reason(tree):
    meeting = published_meeting(tree)
    member = tree.members["X"][1]
    with pytest.raises(ValidationError, match="lý do"):
        attendance_set(meeting=meeting, member=member, status="excused", actor=tree.users["sec_x"])
    attendance_set(meeting=meeting, member=member, status="excused", reason="Ốm", actor=tree.users["sec_x"])
    row = Attendance.objects.get(meeting=meeting, member=member)
    assert (row.status, row.reason, row.recorded_by) == ("excused", "Ốm", tree.users["sec_x"])
    event = AuditEvent.objects.get(action="meeting.attendance_set")
    assert event.changes["status"] == {"from": None, "to": "excused"}
    with pytest.raises(PermissionDenied):
        attendance_set(meeting=meeting, member=member, status="present", actor=tree.users["member_x"])
    with pytest.raises(ValidationError, match="không sinh hoạt"):
        attendance_set(meeting=meeting, member=tree.members["Y"][0], status="present", actor=tree.users["sec_x"])
