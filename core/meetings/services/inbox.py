"""A user's own in-app notifications: mark read (all, or some), open one (read, then its local URL), and the
calendar feed key (created on first use, rotated to revoke a leaked URL)."""

import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from core.audit.services import audit_record
from core.meetings.models import CalendarFeed, Notification


def safe_local_url(url: str) -> str | None:
    """`url` if it is a path on this site ("/…", not "//host" nor "scheme:"); None otherwise."""
    url = url.strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else None


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (only `ids` when given); returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_open(*, user: User, notification_id: int) -> str | None:
    """Mark one of the user's notifications read; returns where to go (its local URL), None if not theirs."""
    note = Notification.objects.filter(user=user, pk=notification_id).first()
    if note is None:
        return None
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    return safe_local_url(note.url) or reverse("notifications:list")


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
