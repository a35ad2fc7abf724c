"""Opinions before and during a meeting (also for exempt/absent members and by proxy); attendance marks."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR
from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    Opinion,
)
from core.meetings.services.common import OPEN_STATUSES, locked, require_runner
from core.members.models import Member


@transaction.atomic
def opinion_submit(
    *,
    meeting: Meeting,
    member: Member,
    text: str,
    actor: User,
    agenda_item: AgendaItem | None = None,
    client_key: str = "",
) -> Opinion:
    """A member of the meeting's cell gives an opinion (exempt and absent members too); the secretary may
    record one for a member (proxy: audited with on_behalf_of). With the sender's `client_key`, a retried send
    returns the opinion already recorded (no second row, no second audit entry)."""
    meeting = Meeting.objects.select_related("cell").get(pk=meeting.pk)
    member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)  # orders retries
    client_key = client_key.strip()[:64]
    if client_key:
        already = Opinion.objects.filter(member=member, client_key=client_key).first()
        if already is not None:
            return already
    proxy = member.user_id != actor.pk
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, meeting.cell):
        raise PermissionDenied
    if not roster.takes_part(meeting, member):
        if proxy:
            raise ValidationError(_("Đảng viên này không sinh hoạt tại chi bộ."), code="not_in_cell")
        raise PermissionDenied
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError(_("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc."), code="not_open")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Nội dung không thuộc buổi sinh hoạt này."), code="bad_item")
    if not text.strip():
        raise ValidationError(_("Cần nhập ý kiến."), code="empty")
    opinion = Opinion.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        member=member,
        text=text.strip(),
        recorded_by=actor,
        client_key=client_key,
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


@transaction.atomic
def opinion_edit(*, opinion: Opinion, text: str, actor: User, now: dt.datetime | None = None) -> Opinion:
    """The member rewrites their own opinion until the meeting starts (not one the secretary recorded for them:
    that one is the secretary's record of what was said)."""
    opinion = (
        Opinion.objects.select_for_update(of=("self",)).select_related("meeting__cell", "member").get(pk=opinion.pk)
    )
    meeting = opinion.meeting
    if opinion.member.user_id != actor.pk or opinion.recorded_by_id != actor.pk:
        raise PermissionDenied
    if meeting.status not in OPEN_STATUSES or (now or timezone.now()) >= meeting.starts_at:
        raise ValidationError(_("Buổi sinh hoạt đã bắt đầu: không sửa ý kiến được nữa."), code="started")
    if not text.strip():
        raise ValidationError(_("Cần nhập ý kiến."), code="empty")
    opinion.text = text.strip()
    opinion.save(update_fields=["text"])
    audit_record(
        actor=actor, action="meeting.opinion_edited", target=meeting, unit=meeting.cell, changes={"opinion": opinion.pk}
    )
    return opinion


@transaction.atomic
def attendance_set(*, meeting: Meeting, member: Member, status: str, actor: User, reason: str = "") -> Attendance:
    """The secretary records or corrects a member's attendance (e.g. excused, with the reason); not once the
    meeting is closed or cancelled (the row lock orders it with meeting_close's automatic marks)."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc, không thể sửa điểm danh."), code="not_open"
        )
    if not roster.takes_part(meeting, member):
        raise ValidationError(_("Đảng viên này không sinh hoạt tại chi bộ."), code="not_in_cell")
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Trạng thái điểm danh không hợp lệ."), code="bad_status")
    if status == AttendanceStatus.EXCUSED and not reason.strip():
        raise ValidationError(_("Vắng có lý do cần ghi rõ lý do."), code="no_reason")
    old = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    attendance, _created = Attendance.objects.update_or_create(
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
