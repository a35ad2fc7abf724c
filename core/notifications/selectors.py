"""Reads of the notification centre: only the user's own rows, newest first."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from core.notifications.models import Kind, Mode, Notification, Preference, PushSubscription


def notifications_of(user: User | AnonymousUser) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user_id=user.pk).select_related("notice").order_by("-notice_id")


def unread_count(user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def preferences_of(user: User) -> dict[str, str]:
    """Every kind with the member's mode (push when never chosen)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    return {kind: chosen.get(kind, Mode.PUSH) for kind in Kind.values}


def devices_of(user: User) -> QuerySet[PushSubscription]:
    return PushSubscription.objects.filter(user=user).order_by("-created_at")
