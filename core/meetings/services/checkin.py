"""Check-in by a time-bound code. The code is derived, never stored: HMAC(SECRET_KEY, schema + meeting id +
5-minute window) reduced to 6 digits; the current and the previous window are accepted between
`starts_at - 15 min` and `ends_at`, only from members of the meeting's cell."""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
)
from core.meetings.services.common import OPEN_STATUSES
from tenants.db.schema import current_schema

WINDOW_SECONDS = 300
CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=15)


def _window(at: dt.datetime) -> int:
    return int(at.timestamp()) // WINDOW_SECONDS


def _code(meeting_id: int, window: int) -> str:
    message = f"{current_schema()}:{meeting_id}:{window}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"


def checkin_open(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return meeting.starts_at - CHECKIN_OPENS_BEFORE <= now <= meeting.ends_at


def checkin_code(meeting: Meeting, now: dt.datetime | None = None) -> str | None:
    """The 6-digit code of the current 5-minute window; None outside the check-in window."""
    now = now or timezone.now()
    return _code(meeting.pk, _window(now)) if checkin_open(meeting, now) else None


@transaction.atomic
def attendance_check_in(
    *, meeting: Meeting, member_user: User, code: str, now: dt.datetime | None = None
) -> Attendance:
    now = now or timezone.now()
    meeting = Meeting.objects.select_related("cell").get(pk=meeting.pk)
    member = roster.participant_for(meeting, member_user)
    if member is None:
        raise PermissionDenied(_("Đồng chí không sinh hoạt tại chi bộ tổ chức buổi sinh hoạt này."))
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError(_("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc."), code="not_open")
    if now < meeting.starts_at - CHECKIN_OPENS_BEFORE:
        raise ValidationError(_("Chưa đến giờ điểm danh (mở trước giờ họp 15 phút)."), code="too_early")
    if now > meeting.ends_at:
        raise ValidationError(_("Buổi sinh hoạt đã kết thúc, không thể điểm danh."), code="too_late")
    code = "".join(ch for ch in code if ch.isdigit())
    window = _window(now)
    if not any(hmac.compare_digest(code, _code(meeting.pk, w)) for w in (window, window - 1)):
        first = _window(meeting.starts_at - CHECKIN_OPENS_BEFORE)
        if any(hmac.compare_digest(code, _code(meeting.pk, w)) for w in range(max(first, window - 200), window - 1)):
            raise ValidationError(_("Mã điểm danh đã hết hạn; đồng chí nhập mã đang hiển thị."), code="expired")
        raise ValidationError(_("Mã điểm danh không đúng cho buổi sinh hoạt này."), code="wrong_code")
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    if attendance is not None and attendance.status == AttendanceStatus.PRESENT:
        return attendance  # second check-in: nothing changes
    attendance, _created = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"status": AttendanceStatus.PRESENT, "reason": "", "checked_in_at": now, "recorded_by": member_user},
    )
    audit_record(
        actor=member_user,
        action="meeting.checked_in",
        target=meeting,
        unit=meeting.cell,
        changes={"member": member.pk},
    )
    return attendance
