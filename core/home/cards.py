"""The member's home, as a list of cards. Each card is (name, template, provider); a provider reads what its card
shows with a fixed number of queries whatever the size of the tenant, or returns None to hide the card.

Another area adds its card by appending one entry to CARDS (e.g. news: `("news", "tenant/home/_news.html",
news_card)`); the home template includes each card's template with the provider's context as `card`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Subquery, Window
from django.utils import timezone

from core.content.audience import Reader
from core.content.visits import seen_subquery
from core.library.selectors import NEW_CAP, latest_for, new_count
from core.library.views import AREA as LIBRARY
from core.meetings.models import Attendance, Meeting
from core.meetings.roster import meetings_of
from core.meetings.services.checkin import checkin_open
from core.meetings.services.common import OPEN_STATUSES
from core.members.models import Member
from core.news.selectors import news_home_card
from core.notifications.models import Notification
from core.study.selectors import home_campaigns

type Provider = Callable[[User, Reader], dict[str, Any] | None]


@dataclass(frozen=True)
class Card:
    name: str
    template: str
    context: dict[str, Any]


def meeting_card(user: User, reader: Reader) -> dict[str, Any] | None:
    """The member's next (or ongoing) published meeting with their attendance: 2 queries (seats, meeting)."""
    if reader.member_id is None or reader.cell_id is None:
        return None
    member = Member(pk=reader.member_id, cell_id=reader.cell_id)
    attendance = Attendance.objects.filter(meeting=OuterRef("pk"), member_id=reader.member_id).values("status")[:1]
    meeting = (
        Meeting.objects.filter(meetings_of(member), status__in=OPEN_STATUSES, ends_at__gte=timezone.now())
        .select_related("cell")
        .annotate(my_status=Subquery(attendance))
        .order_by("starts_at", "pk")
        .first()
    )
    return {
        "meeting": meeting,
        "checkin_open": meeting is not None and checkin_open(meeting),
        "own_cell": meeting is not None and meeting.cell_id == reader.cell_id,
    }


def documents_card(user: User, reader: Reader) -> dict[str, Any]:
    """New documents since the last library visit (counted up to 99+) and the latest three with their read
    marks: 2 queries (the visit is a subquery of the count, the read mark an EXISTS of the list)."""
    latest = latest_for(reader, 3, with_read=True)
    return {
        "new": new_count(reader, seen_subquery(user.pk, LIBRARY)),
        "cap": NEW_CAP,
        "latest": latest,
        "read": {d.pk for d in latest if getattr(d, "is_read", False)},
    }


def notifications_card(user: User, reader: Reader) -> dict[str, Any]:
    """The unread count and the three newest unread notifications: one query (a window count)."""
    unread = list(
        Notification.objects.filter(user_id=user.pk, read_at__isnull=True)
        .select_related("notice")
        .annotate(total=Window(Count("pk")))
        .order_by("-notice_id")[:3]
    )
    count = unread[0].total if unread else 0
    user._sotay_unread = count  # type: ignore[attr-defined]  # the navigation's badge reuses it
    return {"unread": count, "items": unread}


def study_card(user: User, reader: Reader) -> dict[str, Any] | None:
    """The member's open study campaigns (not yet completed first) with their reading progress: one query."""
    campaigns = home_campaigns(reader)
    return {"campaigns": campaigns} if campaigns else None


CARDS: list[tuple[str, str, Provider]] = [
    ("meeting", "tenant/home/_meeting.html", meeting_card),
    ("study", "tenant/home/_study.html", study_card),
    ("documents", "tenant/home/_documents.html", documents_card),
    ("news", "tenant/home/_news.html", news_home_card),
    ("notifications", "tenant/home/_notifications.html", notifications_card),
]


def home_cards(user: User, reader: Reader) -> list[Card]:
    cards = []
    for name, template, provider in CARDS:
        context = provider(user, reader)
        if context is not None:
            cards.append(Card(name=name, template=template, context=context))
    return cards
