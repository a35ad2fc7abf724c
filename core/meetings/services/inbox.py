"""A member's calendar feed key (created on first use, rotated to revoke a leaked URL). Notifications moved to
core/notifications."""

import secrets

from django.contrib.auth.models import User
from django.db import transaction

from core.audit.services import audit_record
from core.meetings.models import CalendarFeed


def calendar_feed_get(*, user: User) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user, defaults={"key": secrets.token_urlsafe(32)})
    return feed


@transaction.atomic
def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """A new key: the old feed URL stops working at once (404)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return calendar_feed_get(user=user)
    feed.key = secrets.token_urlsafe(32)
    feed.save(update_fields=["key"])
    audit_record(actor=user, action="meeting.calendar_feed_reset", target=feed)
    return feed
