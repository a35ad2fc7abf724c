"""Stops a signed-in user who has to pass a second factor (and has not, in this session) at the door.

Placed after django_otp's OTPMiddleware (which tells whether the session is verified). Web requests go to
the verification page (or the set-up page when 2FA is required and no device exists), keeping where they
were going; API requests made with the session get 403 `two_factor_required`. Public views, logout, the
language switch and the 2FA pages themselves stay reachable. API tokens are issued only after the second
factor (api/v1/auth.py), so token requests need nothing here.
"""

from collections.abc import Callable
from urllib.parse import quote

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from tenants.two_factor.policy import must_verify

EXEMPT_VIEW_NAMES = frozenset({"logout", "console:logout", "tenant_admin:logout", "console_admin:logout"})
TWO_FACTOR_REQUIRED = {
    "detail": "Tài khoản này cần xác thực hai bước: hãy hoàn tất trên trang web trước khi tiếp tục.",
    "code": "two_factor_required",
}


def _exempt(request: HttpRequest, view_func: Callable[..., object]) -> bool:
    if getattr(view_func, "login_required", True) is False and not request.path_info.startswith("/api/"):
        return True  # public pages (login, health, PWA files, …)
    match = request.resolver_match
    if match is None:
        return False
    return (
        match.view_name in EXEMPT_VIEW_NAMES
        or match.namespace == "two_factor"
        or match.view_name
        in (
            "api:root",
            "api:token_login",
            "api:schema",
            "api:docs",
            "api:redoc",
        )
    )


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., object], view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified() or _exempt(request, view_func):  # type: ignore[attr-defined]
            return None
        assert isinstance(user, User)
        if not must_verify(request, user):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(TWO_FACTOR_REQUIRED, status=403, json_dumps_params={"ensure_ascii": False})
        target = reverse("two_factor:verify" if user_has_device(user, confirmed=True) else "two_factor:setup")
        if request.method == "GET":
            target += f"?next={quote(request.get_full_path())}"
        return redirect(target)
