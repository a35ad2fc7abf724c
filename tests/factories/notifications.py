"""In-app notifications for tests: one notice and one member's row, as notify() would write them."""

from django.contrib.auth.models import User

from core.notifications.models import Kind, Notice, Notification


def note(*, user: User, text: str, url: str = "", kind: str = Kind.GENERAL) -> Notification:
    notice = Notice.objects.create(kind=kind, text=text, url=url, recipients=1)
    return Notification.objects.create(notice=notice, user=user)
