"""Schedule a meeting, write its agenda, publish it (notifying every member of the cell)."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from core.meetings.services.common import clean_online_url, locked, require_runner
from core.notifications.models import Kind
from core.notifications.services import notify
from core.org.models import MEMBER_HOLDING_KINDS, OrgKind, OrgUnit

MAX_DURATION = dt.timedelta(hours=12)


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
    online_url: str = "",
) -> Meeting:
    require_runner(actor, cell)
    if kind not in MeetingKind.values:
        raise ValidationError(_("Loại buổi sinh hoạt không hợp lệ."), code="bad_kind")
    if not cell.is_open:
        raise ValidationError(_("Tổ chức đảng này đã giải thể hoặc sáp nhập."), code="bad_cell")
    if kind == MeetingKind.COMMITTEE:
        if cell.kind == OrgKind.PARTY_GROUP:
            raise ValidationError(_("Tổ đảng không có cấp ủy để họp."), code="bad_cell")
    elif cell.kind not in MEMBER_HOLDING_KINDS:
        raise ValidationError(
            _("Sinh hoạt thường kỳ, chuyên đề chỉ lên lịch cho chi bộ hoặc tổ đảng; đảng bộ lên lịch họp cấp ủy."),
            code="bad_cell",
        )
    if not title.strip():
        raise ValidationError(_("Cần nhập tiêu đề buổi sinh hoạt."), code="no_title")
    if kind == MeetingKind.THEMATIC and not topic.strip():
        raise ValidationError(_("Sinh hoạt chuyên đề cần có chuyên đề."), code="no_topic")
    if ends_at <= starts_at:
        raise ValidationError(_("Giờ kết thúc phải sau giờ bắt đầu."), code="bad_times")
    if ends_at - starts_at > MAX_DURATION:
        raise ValidationError(_("Buổi sinh hoạt không thể kéo dài quá 12 giờ."), code="too_long")
    if starts_at < timezone.now():
        raise ValidationError(_("Không thể lên lịch cho thời điểm đã qua."), code="in_past")
    online_url = clean_online_url(online_url)
    meeting = Meeting.objects.create(
        cell=cell,
        kind=kind,
        title=title.strip(),
        topic=topic.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url,
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
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
        raise ValidationError(_("Buổi sinh hoạt đã diễn ra, không thể thêm nội dung."), code="not_editable")
    if not title.strip():
        raise ValidationError(_("Cần nhập nội dung."), code="no_title")
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem.objects.create(meeting=meeting, order=last + 1, title=title.strip(), details=details.strip())
    audit_record(
        actor=actor, action="meeting.agenda_added", target=meeting, unit=meeting.cell, changes={"title": item.title}
    )
    return item


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor: User) -> int:
    """Draft → published; one notification per member of the cell with an account. Returns how many."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status != MeetingStatus.DRAFT:
        raise ValidationError(_("Buổi sinh hoạt này đã được thông báo."), code="not_draft")
    if not meeting.agenda_items.exists():
        raise ValidationError(_("Cần có ít nhất một nội dung sinh hoạt trước khi thông báo."), code="no_agenda")
    meeting.status, meeting.published_at = MeetingStatus.PUBLISHED, timezone.now()
    meeting.save(update_fields=["status", "published_at"])
    if meeting.kind == MeetingKind.COMMITTEE and not roster.participants(meeting).exists():
        raise ValidationError(
            _("Cấp ủy của tổ chức này chưa có cấp ủy viên; cập nhật danh sách cấp ủy trước khi thông báo."),
            code="no_participants",
        )
    user_ids = roster.participants(meeting).filter(user__isnull=False).values_list("user_id", flat=True)
    local = timezone.localtime(meeting.starts_at)
    text = f"{meeting.cell.name}: {meeting.title} lúc {local:%H:%M ngày %d/%m/%Y}"
    if meeting.place:
        text += f" tại {meeting.place}"
    url = reverse("meetings:mine")
    notified = notify(kind=Kind.MEETING, text=text, url=url, user_ids=user_ids, actor=actor).recipients
    audit_record(
        actor=actor, action="meeting.published", target=meeting, unit=meeting.cell, changes={"notified": notified}
    )
    return notified
