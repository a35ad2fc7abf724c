"""Catch-up: a member who opens a held or closed meeting of their own cell has read its agenda, minutes and
resolution. Only the first read is kept, so the secretary sees who has caught up and since when."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import Meeting, MeetingStatus, ReadReceipt
from core.members.models import Member

READABLE_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)


def read_receipt_record(*, meeting: Meeting, member: Member, now: dt.datetime | None = None) -> ReadReceipt | None:
    """Idempotent: the existing receipt if the member has read the meeting before; None (nothing written) for a
    meeting that is not held/closed or of another cell."""
    if meeting.status not in READABLE_STATUSES or not roster.takes_part(meeting, member):
        return None
    existing = ReadReceipt.objects.filter(meeting=meeting, member=member).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            receipt = ReadReceipt.objects.create(meeting=meeting, member=member, read_at=now or timezone.now())
            audit_record(
                actor=member.user,
                action="meeting.read",
                target=meeting,
                unit=meeting.cell,
                changes={"member": member.pk},
            )
    except IntegrityError:  # a concurrent first read won
        return ReadReceipt.objects.get(meeting=meeting, member=member)
    return receipt
