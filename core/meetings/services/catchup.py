"""Catch-up: a member who opens a held or closed meeting of their own cell has read its agenda, minutes and
resolution. Only the first read is kept, so the secretary sees who has caught up and since when. For a member
without a smartphone the secretary records that they briefed the member in person (audited as a proxy)."""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR
from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingStatus, ReadReceipt
from core.members.models import Member

READABLE_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)


def _first_read(
    meeting: Meeting, member: Member, read_at: dt.datetime, recorded_by: User | None, audit: Callable[[], object]
) -> ReadReceipt:
    """The member's receipt for the meeting: the existing one, or a new one written with its audit row."""
    existing = ReadReceipt.objects.filter(meeting=meeting, member=member).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            receipt = ReadReceipt.objects.create(
                meeting=meeting, member=member, read_at=read_at, recorded_by=recorded_by
            )
            audit()
    except IntegrityError:  # a concurrent first read won
        return ReadReceipt.objects.get(meeting=meeting, member=member)
    return receipt


def read_receipt_record(*, meeting: Meeting, member: Member, now: dt.datetime | None = None) -> ReadReceipt | None:
    """Idempotent: the existing receipt if the member has read the meeting before; None (nothing written) for a
    meeting that is not held/closed or of another cell."""
    if meeting.status not in READABLE_STATUSES or not roster.takes_part(meeting, member):
        return None
    return _first_read(
        meeting,
        member,
        now or timezone.now(),
        None,
        lambda: audit_record(
            actor=member.user, action="meeting.read", target=meeting, unit=meeting.cell, changes={"member": member.pk}
        ),
    )


def read_receipt_record_for(
    *, meeting: Meeting, member: Member, actor: User, now: dt.datetime | None = None
) -> ReadReceipt:
    """The secretary briefed an absent member in person (no smartphone): a receipt recorded by them, audited
    with the member it was recorded for. A member who has already caught up keeps their own receipt."""
    if not has_perm_on(actor, MEMBERS_ACT_FOR, meeting.cell):
        raise PermissionDenied
    if meeting.status not in READABLE_STATUSES:
        raise ValidationError(_("Chỉ ghi nhận xem lại cho buổi sinh hoạt đã họp."), code="not_held")
    if not roster.takes_part(meeting, member):
        raise ValidationError(_("Đảng viên này không sinh hoạt tại chi bộ."), code="not_member")
    if Attendance.objects.filter(meeting=meeting, member=member, status=AttendanceStatus.PRESENT).exists():
        raise ValidationError(_("Đảng viên này đã dự buổi sinh hoạt."), code="was_present")
    return _first_read(
        meeting,
        member,
        now or timezone.now(),
        actor,
        lambda: audit_record(
            actor=actor,
            action="meeting.read_briefed",
            target=meeting,
            unit=meeting.cell,
            changes={"proxy": True, "on_behalf_of_member": {"id": member.pk, "name": member.full_name}},
            on_behalf_of=member.user,
        ),
    )
