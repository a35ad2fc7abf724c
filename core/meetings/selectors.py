"""Meeting reads: a member's next meeting (constant queries), secretaries' lists, opinions by agenda item."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.access.checks import scoped
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus, Opinion
from core.meetings.roster import meetings_of
from core.meetings.services.common import GONE_STATUSES, OPEN_STATUSES
from core.members.models import Member


@dataclass
class MyMeeting:
    member: Member
    meeting: Meeting | None
    attendance: Attendance | None
    others: list[Meeting] = field(default_factory=list)  # the member's other upcoming meetings, soonest first


OTHERS_SHOWN = 5


def my_next_meeting(
    user: User | AnonymousUser, meeting_id: int | None = None, *, with_others: bool = False
) -> MyMeeting | None:
    """The member's next (or ongoing) published meeting — or, with `meeting_id`, that one of their upcoming
    meetings (a committee member also has committee meetings; a cell may hold a thematic meeting beside the
    regular one) — with agenda, documents and their attendance, and (`with_others`, for the pages that list
    them) their other upcoming meetings: 7 queries whatever the number of items and documents."""
    if not user.is_authenticated:
        return None
    member = Member.objects.select_related("cell").filter(user_id=user.pk).exclude(status__in=GONE_STATUSES).first()
    if member is None:
        return None
    upcoming = Meeting.objects.filter(meetings_of(member), status__in=OPEN_STATUSES, ends_at__gte=timezone.now())
    chosen = upcoming.filter(pk=meeting_id) if meeting_id is not None else upcoming
    meeting = (
        chosen.select_related("cell")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")), Prefetch("documents")
        )
        .order_by("starts_at", "pk")
        .first()
    )
    attendance = Attendance.objects.filter(meeting=meeting, member=member).first() if meeting else None
    nearest: list[Meeting] = []
    if with_others:
        others = upcoming.exclude(pk=meeting.pk) if meeting is not None else upcoming
        nearest = list(others.select_related("cell").order_by("starts_at", "pk")[:OTHERS_SHOWN])
    return MyMeeting(member=member, meeting=meeting, attendance=attendance, others=nearest)


def meetings_managed(user: User | AnonymousUser) -> QuerySet[Meeting]:
    return scoped(Meeting.objects.select_related("cell"), user, MEETINGS_RUN, "cell__path")


def opinions_by_item(meeting: Meeting) -> list[tuple[AgendaItem | None, list[Opinion]]]:
    opinions = list(meeting.opinions.select_related("member", "agenda_item", "recorded_by__member"))
    groups: list[tuple[AgendaItem | None, list[Opinion]]] = [
        (item, [o for o in opinions if o.agenda_item_id == item.pk]) for item in meeting.agenda_items.all()
    ]
    general = [o for o in opinions if o.agenda_item_id is None]
    if general:
        groups.append((None, general))
    return groups


def my_opinions(meeting: Meeting, member: Member) -> list[Opinion]:
    """What the member said at one meeting (their own and those the secretary recorded for them), oldest first."""
    return list(Opinion.objects.filter(meeting=meeting, member=member).select_related("agenda_item", "recorded_by"))


__all__ = ["MeetingStatus", "MyMeeting", "meetings_managed", "my_next_meeting", "my_opinions", "opinions_by_item"]
