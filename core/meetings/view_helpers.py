"""What every meetings page shares: the signed-in user, Vietnamese error messages, a meeting the user runs."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from core.access.checks import access_object
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import Meeting


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (views using it are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def show_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    """A service's refusal as a flash message (services speak Vietnamese)."""
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc) or "Đồng chí không có quyền thực hiện thao tác này.")


def managed_meeting(request: HttpRequest, meeting_id: int) -> Meeting:
    """A meeting of a cell whose meetings the user runs; 404 alike for missing, forbidden and other tenants."""
    return access_object(Meeting.objects.select_related("cell"), meeting_id, request.user, MEETINGS_RUN, "cell__path")
