"""Reads for the schedule area: series and upcoming months on the secretary's page, documents a user may read,
and the meetings of a member's calendar feed."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from core.access.checks import has_perm_on, scoped
from core.access.permissions import MEETINGS_RUN
from core.meetings import roster
from core.meetings.models import CalendarFeed, Meeting, MeetingDocument, MeetingSeries, MeetingStatus
from core.meetings.services.common import GONE_STATUSES
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit

FEED_PAST = dt.timedelta(days=92)  # about 3 months back
FEED_AHEAD = dt.timedelta(days=366)  # about 12 months ahead


@dataclass
class CellSchedule:
    cell: OrgUnit
    series: MeetingSeries | None
    upcoming: list[Meeting]


def schedules_managed(user: User | AnonymousUser, limit: int = 50) -> list[CellSchedule]:
    """Each cell the user runs meetings for, with its active series and its next meetings (3 queries)."""
    cells = list(
        scoped(
            OrgUnit.objects.filter(kind__in=[OrgKind.CELL, OrgKind.PARTY_GROUP], valid_to__isnull=True),
            user,
            MEETINGS_RUN,
            "path",
        ).order_by("path")[:limit]
    )
    ids = [c.pk for c in cells]
    series = {s.cell_id: s for s in MeetingSeries.objects.filter(cell_id__in=ids, active=True)}
    since = timezone.now() - dt.timedelta(hours=12)
    upcoming: dict[int, list[Meeting]] = {}
    meetings = Meeting.objects.filter(cell_id__in=ids, starts_at__gte=since).order_by("starts_at")
    for meeting in meetings.exclude(status=MeetingStatus.CANCELLED)[: limit * 4]:
        upcoming.setdefault(meeting.cell_id, []).append(meeting)
    return [CellSchedule(cell=c, series=series.get(c.pk), upcoming=upcoming.get(c.pk, [])[:3]) for c in cells]


def can_read_documents(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """Runners over the cell always; members of the cell once the meeting is published (or later)."""
    if not user.is_authenticated:
        return False
    if has_perm_on(user, MEETINGS_RUN, meeting.cell):
        return True
    if meeting.status == MeetingStatus.DRAFT:
        return False
    return roster.participant_for(meeting, user) is not None


def document_for_reader(user: User | AnonymousUser, document_id: int) -> MeetingDocument | None:
    """The document if `user` may read it; None alike for missing and forbidden (the caller answers 404)."""
    document = MeetingDocument.objects.select_related("meeting__cell").filter(pk=document_id).first()
    if document is None or not can_read_documents(user, document.meeting):
        return None
    return document


def feed_user(key: str) -> User | None:
    """The owner of a calendar feed key in the current tenant; None for unknown or rotated keys."""
    if not key or len(key) > 64:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(key=key, user__is_active=True).first()
    return feed.user if feed else None


def feed_meetings(user: User, now: dt.datetime | None = None) -> list[Meeting]:
    """The member's cell meetings from 3 months back to 12 months ahead, published or later (never drafts;
    a meeting cancelled before it was published never reached the members either)."""
    now = now or timezone.now()
    member = Member.objects.filter(user_id=user.pk).exclude(status__in=GONE_STATUSES).first()
    if member is None:
        return []
    return list(
        Meeting.objects.filter(
            roster.meetings_of(member),
            starts_at__gte=now - FEED_PAST,
            starts_at__lte=now + FEED_AHEAD,
            published_at__isnull=False,
        )
        .exclude(status=MeetingStatus.DRAFT)
        .select_related("cell")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )
