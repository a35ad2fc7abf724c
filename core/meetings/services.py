"""Meeting writes: schedule, agenda, publish (with notifications), opinions, attendance and check-in codes.

Every write is one transaction with an audit row on the meeting's cell. The check-in code is derived, never
stored: HMAC(SECRET_KEY, schema + meeting id + 5-minute window) reduced to 6 digits; the current and the
previous window are accepted between `starts_at - 15 min` and `ends_at`.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR
from core.audit.services import audit_record
from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Notification,
    Opinion,
)
from core.members.models import Member, MemberStatus
from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit
from tenants.db.schema import current_schema

WINDOW_SECONDS = 300
CHECKIN_OPENS_BEFORE = dt.timedelta(minutes=15)
MAX_DURATION = dt.timedelta(hours=12)
# Members no longer in the cell's life: not notified, cannot give opinions or check in.
GONE_STATUSES = (MemberStatus.TRANSFERRED_OUT, MemberStatus.DECEASED)
OPEN_STATUSES = (MeetingStatus.PUBLISHED, MeetingStatus.HELD)


def _require_secretary(actor: User, cell: OrgUnit) -> None:
    if not has_perm_on(actor, MEMBERS_ACT_FOR, cell):
        raise PermissionDenied


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("cell").get(pk=meeting.pk)


# --- schedule, agenda, publish -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *,
    cell: OrgUnit,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    actor: User,
    kind: str = MeetingKind.REGULAR,
    topic: str = "",
    place: str = "",
) -> Meeting:
    _require_secretary(actor, cell)
    if cell.kind not in MEMBER_HOLDING_KINDS or not cell.is_open:
        raise ValidationError("Chỉ lên lịch sinh hoạt cho chi bộ hoặc tổ đảng đang hoạt động.", code="bad_cell")
    if kind not in MeetingKind.values:
        raise ValidationError("Loại buổi sinh hoạt không hợp lệ.", code="bad_kind")
    if not title.strip():
        raise ValidationError("Cần nhập tiêu đề buổi sinh hoạt.", code="no_title")
    if kind == MeetingKind.THEMATIC and not topic.strip():
        raise ValidationError("Sinh hoạt chuyên đề cần có chuyên đề.", code="no_topic")
    if ends_at <= starts_at:
        raise ValidationError("Giờ kết thúc phải sau giờ bắt đầu.", code="bad_times")
    if ends_at - starts_at > MAX_DURATION:
        raise ValidationError("Buổi sinh hoạt không thể kéo dài quá 12 giờ.", code="too_long")
    if starts_at < timezone.now():
        raise ValidationError("Không thể lên lịch cho thời điểm đã qua.", code="in_past")
    meeting = Meeting.objects.create(
        cell=cell,
        kind=kind,
        title=title.strip(),
        topic=topic.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="meeting.scheduled",
        target=meeting,
        unit=cell,
        changes={
            "title": meeting.title,
            "kind": kind,
            "starts_at": starts_at.isoformat(),
            "ends_at": ends_at.isoformat(),
        },
    )
    return meeting


@transaction.atomic
def agenda_item_add(*, meeting: Meeting, title: str, actor: User, details: str = "") -> AgendaItem:
    meeting = _locked(meeting)
    _require_secretary(actor, meeting.cell)
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
        raise ValidationError("Buổi sinh hoạt đã diễn ra, không thể thêm nội dung.", code="not_editable")
    if not title.strip():
        raise ValidationError("Cần nhập nội dung.", code="no_title")
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title.strip(), details=details.strip())
    audit_record(
        actor=actor, action="meeting.agenda_added", target=meeting, unit=meeting.cell, changes={"title": item.title}
    )
    return item


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor: User) -> int:
    """Draft → published; one notification per member of the cell with an account. Returns how many."""
    meeting = _locked(meeting)
    _require_secretary(actor, meeting.cell)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError("Buổi sinh hoạt này đã được thông báo.", code="not_draft")
    if not meeting.agenda_items.exists():
        raise ValidationError("Cần có ít nhất một nội dung sinh hoạt trước khi thông báo.", code="no_agenda")
    meeting.status, meeting.published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save(update_fields=["status", "published_at"])
    user_ids = (
        Member.objects.filter(cell=meeting.cell, user__isnull=False)
        .exclude(status__in=GONE_STATUSES)
        .values_list("user_id", flat=True)
    )
    local = timezone.localtime(meeting.starts_at)
    text = f"{meeting.cell.name}: {meeting.title} lúc {local:%H:%M ngày %d/%m/%Y}"
    if meeting.place:
        text += f" tại {meeting.place}"
    url = reverse("meetings:mine")
    notes = Notification.objects.bulk_create(Notification(user_id=uid, text=text[:300], url=url) for uid in user_ids)
    audit_record(
        actor=actor, action="meeting.published", target=meeting, unit=meeting.cell, changes={"notified": len(notes)}
    )
    return len(notes)


# --- opinions ----------------------------------------------------------------------------------------------------


@transaction.atomic
def opinion_submit(
    *, meeting: Meeting, member: Member, text: str, actor: User, agenda_item: AgendaItem | None = None
) -> Opinion:
    """A member of the meeting's cell gives an opinion (exempt and absent members too); the secretary may
    record one for a member (proxy: audited with on_behalf_of)."""
    meeting = Meeting.objects.select_related("cell").get(pk=meeting.pk)
    member = Member.objects.select_related("user").get(pk=member.pk)
    proxy = member.user_id != actor.pk
    if proxy:
        _require_secretary(actor, meeting.cell)
    if member.cell_id != meeting.cell_id or member.status in GONE_STATUSES:
        if proxy:
            raise ValidationError("Đảng viên này không sinh hoạt tại chi bộ.", code="not_in_cell")
        raise PermissionDenied
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc.", code="not_open")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError("Nội dung không thuộc buổi sinh hoạt này.", code="bad_item")
    if not text.strip():
        raise ValidationError("Cần nhập ý kiến.", code="empty")
    opinion = Opinion.objects.create(
        meeting=meeting, agenda_item=agenda_item, member=member, text=text.strip(), recorded_by=actor
    )
    changes: dict[str, object] = {"agenda_item": agenda_item.pk if agenda_item else None, "proxy": proxy}
    if proxy:
        changes["on_behalf_of_member"] = {"id": member.pk, "name": member.full_name}
    audit_record(
        actor=actor,
        action="meeting.opinion_submitted",
        target=meeting,
        unit=meeting.cell,
        changes=changes,
        on_behalf_of=member.user if proxy else None,
    )
    return opinion


# --- attendance --------------------------------------------------------------------------------------------------


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
    member = Member.objects.filter(user=member_user, cell_id=meeting.cell_id).exclude(status__in=GONE_STATUSES).first()
    if member is None:
        raise PermissionDenied("Đồng chí không sinh hoạt tại chi bộ tổ chức buổi sinh hoạt này.")
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc.", code="not_open")
    if now < meeting.starts_at - CHECKIN_OPENS_BEFORE:
        raise ValidationError("Chưa đến giờ điểm danh (mở trước giờ họp 15 phút).", code="too_early")
    if now > meeting.ends_at:
        raise ValidationError("Buổi sinh hoạt đã kết thúc, không thể điểm danh.", code="too_late")
    code = "".join(ch for ch in code if ch.isdigit())
    window = _window(now)
    if not any(hmac.compare_digest(code, _code(meeting.pk, w)) for w in (window, window - 1)):
        first = _window(meeting.starts_at - CHECKIN_OPENS_BEFORE)
        if any(hmac.compare_digest(code, _code(meeting.pk, w)) for w in range(max(first, window - 200), window - 1)):
            raise ValidationError("Mã điểm danh đã hết hạn; đồng chí nhập mã đang hiển thị.", code="expired")
        raise ValidationError("Mã điểm danh không đúng cho buổi sinh hoạt này.", code="wrong_code")
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    if attendance is not None and attendance.status == AttendanceStatus.PRESENT:
        return attendance  # second check-in: nothing changes
    attendance, _ = Attendance.objects.update_or_create(
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


@transaction.atomic
def attendance_set(*, meeting: Meeting, member: Member, status: str, actor: User, reason: str = "") -> Attendance:
    """The secretary records or corrects a member's attendance (e.g. excused, with the reason)."""
    meeting = Meeting.objects.select_related("cell").get(pk=meeting.pk)
    _require_secretary(actor, meeting.cell)
    if member.cell_id != meeting.cell_id:
        raise ValidationError("Đảng viên này không sinh hoạt tại chi bộ.", code="not_in_cell")
    if status not in AttendanceStatus.values:
        raise ValidationError("Trạng thái điểm danh không hợp lệ.", code="bad_status")
    if status == AttendanceStatus.EXCUSED and not reason.strip():
        raise ValidationError("Vắng có lý do cần ghi rõ lý do.", code="no_reason")
    old = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"status": status, "reason": reason.strip(), "recorded_by": actor},
    )
    audit_record(
        actor=actor,
        action="meeting.attendance_set",
        target=meeting,
        unit=meeting.cell,
        changes={"member": member.pk, "status": {"from": old.status if old else None, "to": status}, "reason": reason},
    )
    return attendance
