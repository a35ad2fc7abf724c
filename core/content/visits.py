"""“New since your last visit”: one row per (user, area) in ContentVisit.

Opening an area calls `visit_record`, which returns the threshold for this visit: items published after it
are shown as new. A visit lasts VISIT_GAP: opening the area again within it keeps the same threshold, so the
markers do not vanish on the next click; after a longer gap the previous visit becomes the threshold.
The home's count uses `last_seen` (items published since the user last opened the area).
"""

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone

from core.content.models import ContentVisit

VISIT_GAP = dt.timedelta(minutes=30)


def last_seen(user: User | AnonymousUser | None, area: str) -> dt.datetime | None:
    """When the user last opened `area` (None: never)."""
    if user is None or not user.is_authenticated:
        return None
    return ContentVisit.objects.filter(user_id=user.pk, area=area).values_list("seen_at", flat=True).first()


def seen_subquery(user_id: int | None, area: str) -> Subquery:
    """`last_seen` as a subquery (NULL when never), to fold the lookup into a count query."""
    return Subquery(ContentVisit.objects.filter(user_id=user_id or 0, area=area).values("seen_at")[:1])


def visit_threshold(user: User | AnonymousUser | None, area: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """The "new since" threshold `visit_record` would return, without recording anything (searches and further
    pages of a list are not new visits, and need no write)."""
    if user is None or not user.is_authenticated:
        return None
    visit = ContentVisit.objects.filter(user_id=user.pk, area=area).first()
    if visit is None:
        return None
    now = now or timezone.now()
    return visit.seen_at if now - visit.seen_at > VISIT_GAP else visit.previous_seen_at


@transaction.atomic
def visit_record(*, user: User, area: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """Record a visit and return the "new since" threshold of this visit (None: first visit, all is new).
    Not audited: a visit is the user's own reading position, not a change to shared data."""
    now = now or timezone.now()
    visit = ContentVisit.objects.select_for_update().filter(user=user, area=area).first()
    if visit is None:
        ContentVisit.objects.create(user=user, area=area, seen_at=now, previous_seen_at=None)
        return None
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_seen_at = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous_seen_at"])
    return visit.previous_seen_at
