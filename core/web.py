"""Small helpers shared by the tenant pages: the signed-in user and a service's refusal as a message."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def acting_user(request: HttpRequest) -> User:
    """The signed-in user (views using it are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def show_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    """A service's refusal as a flash message (services speak Vietnamese)."""
    if isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc) or _("Đồng chí không có quyền thực hiện thao tác này."))
