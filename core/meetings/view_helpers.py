"""What every meetings page shares: the signed-in user, Vietnamese error messages, a meeting the user runs."""

from django.http import HttpRequest

from core.access.checks import access_object
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import Meeting
from core.web import acting_user, show_error

__all__ = ["acting_user", "managed_meeting", "show_error"]


def managed_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """A meeting of a cell whose meetings the user runs; 404 alike for missing, forbidden and other tenants."""
    return access_object(Meeting.objects.select_related("cell"), meeting_id, request.user, MEETINGS_RUN, "cell__path")
