"""Members' calendar feed keys (in-app notifications moved to core/notifications)."""

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """The secret key in a member's iCalendar feed URL (calendar apps cannot log in); reset to revoke."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"lịch {self.user_id}"
