"""Accounts middleware (placed right after AuthenticationMiddleware), on tenant hosts only:

1. Forced password change: an account flagged `must_change_password` reaches nothing but the "Đổi mật khẩu"
   page (and logout, health checks, the PWA files, static files) until it has changed its password. Web
   requests are redirected there; API requests get 403 `{"detail": …, "code": "password_change_required"}`
   except on the change-password endpoint. The flag is read at login and kept in the session (no query per
   request); API tokens minted for such an account carry the restriction in their string
   (core/accounts/tokens.py), so only those tokens are looked up here.
2. Login facts: a request whose response carries a newly logged-in session (Django's `login()` ran) records
   first/last login explicitly (`login_recorded`) — no signal.
3. Accesses: each authenticated request (session or API token) goes through `access_recorded`, which writes
   only for the first request of a visit.
4. Installed PWA: the manifest's start_url is "/?source=pwa"; such a launch leaves a long-lived device cookie
   and registers the PWA as a device of the logged-in account (now, or at its next login).
"""

import re
import secrets
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from core.accounts.activity import access_recorded, device_register, login_recorded
from core.accounts.models import DeviceKind
from core.accounts.tokens import token_is_restricted, token_resolve

MUST_CHANGE_SESSION_KEY = "_sotay_must_change_password"
ALLOWED_ATTR = "allowed_during_password_change"
PWA_COOKIE = "sotay_pwa"
PWA_COOKIE_AGE = 60 * 60 * 24 * 730
PASSWORD_CHANGE_REQUIRED = {
    "detail": "Bạn cần đổi mật khẩu (mật khẩu cấp lần đầu hoặc vừa được đặt lại) trước khi tiếp tục.",
    "code": "password_change_required",
}
# Views reachable while a password change is pending, besides views marked with ALLOWED_ATTR.
EXEMPT_VIEW_NAMES = frozenset(
    {
        "login",
        "logout",
        "healthz",
        "readyz",
        "manifest",
        "service_worker",
        "offline",
        "set_language",
        "api:root",
        "api:token_login",
        "api:schema",
        "api:docs",
        "api:redoc",
    }
)
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9]{16,64}$")


def allowed_during_password_change[V](view: V) -> V:
    """Mark a view (function or class) as reachable while the account must change its password."""
    setattr(view, ALLOWED_ATTR, True)
    return view


def bearer_token(request: HttpRequest) -> str | None:
    """The raw token of an `Authorization: Bearer|Token <token>` header (a named seam: the rollout gate reads it)."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 2 and parts[0].lower() in ("bearer", "token"):
        return parts[1]
    return None


def _exempt(request: HttpRequest, view_func: Callable[..., object]) -> bool:
    target = getattr(view_func, "view_class", None) or view_func
    if getattr(target, ALLOWED_ATTR, False) or request.path_info.startswith(settings.STATIC_URL):
        return True
    match = request.resolver_match
    return match is not None and match.view_name in EXEMPT_VIEW_NAMES


def _anonymous(request: HttpRequest) -> bool:
    """No session cookie and no token: nothing to check or record, and the session is never loaded."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META


def _pwa_cookie(request: HttpRequest) -> str | None:
    value = request.COOKIES.get(PWA_COOKIE, "")
    return value if _COOKIE_VALUE.match(value) else None


class AccountActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if getattr(request, "tenant", None) is None:  # platform host: no tenant accounts here
            return self.get_response(request)
        if request.method in ("GET", "HEAD") and _anonymous(request) and "source" not in request.GET:
            return self.get_response(request)  # anonymous read: no login, no account, nothing to record
        session = getattr(request, "session", None)
        before = session.get(SESSION_KEY) if session is not None else None
        response = self.get_response(request)
        self._after(request, response, before)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., object], view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        if getattr(request, "tenant", None) is None or _anonymous(request) or _exempt(request, view_func):
            return None
        is_api = request.path_info.startswith("/api/")
        raw = bearer_token(request)
        if raw is not None:
            schema = request.tenant.schema_name  # type: ignore[attr-defined]
            # Only tokens bearing the restriction mark cost a lookup here (a revoked one falls through to a 401).
            if is_api and token_is_restricted(raw, schema) and token_resolve(raw) is not None:
                return JsonResponse(PASSWORD_CHANGE_REQUIRED, status=403, json_dumps_params={"ensure_ascii": False})
            return None
        session = getattr(request, "session", None)
        if session is None or not session.get(MUST_CHANGE_SESSION_KEY) or not request.user.is_authenticated:
            return None
        if is_api:
            return JsonResponse(PASSWORD_CHANGE_REQUIRED, status=403, json_dumps_params={"ensure_ascii": False})
        target = reverse("accounts:password_change")
        if request.method == "GET":
            target += f"?next={quote(request.get_full_path())}"
        return redirect(target)

    def _after(self, request: HttpRequest, response: HttpResponseBase, before: object) -> None:
        session = getattr(request, "session", None)
        after = session.get(SESSION_KEY) if session is not None else None
        user: object = None
        if session is not None and after is not None and str(after) != str(before):
            user = request.user  # set by login() during this request
            if isinstance(user, User):
                self._logged_in(request, user)
        elif after is not None or getattr(request, "auth", None) is not None:
            user = request.user  # the session's user, or the API token's user set by DRF
        pwa_launch = request.method == "GET" and request.GET.get("source") == "pwa"
        if isinstance(user, User) and user.is_authenticated:
            access_recorded(user.pk)
            if pwa_launch:
                self._pwa(request, response, user)
        elif pwa_launch and _pwa_cookie(request) is None:  # remembered until this browser logs in
            self._set_pwa_cookie(request, response, secrets.token_hex(16))

    def _logged_in(self, request: HttpRequest, user: User) -> None:
        if login_recorded(user):
            request.session[MUST_CHANGE_SESSION_KEY] = True
        else:
            request.session.pop(MUST_CHANGE_SESSION_KEY, None)
        cookie = _pwa_cookie(request)
        if cookie is not None:  # this browser launched the installed PWA before logging in
            device_register(user=user, kind=DeviceKind.PWA, device_id=f"pwa-{cookie}", label="PWA")

    def _pwa(self, request: HttpRequest, response: HttpResponseBase, user: User) -> None:
        cookie = _pwa_cookie(request)
        if cookie is None:
            cookie = secrets.token_hex(16)
            self._set_pwa_cookie(request, response, cookie)
        device_register(user=user, kind=DeviceKind.PWA, device_id=f"pwa-{cookie}", label="PWA")

    @staticmethod
    def _set_pwa_cookie(request: HttpRequest, response: HttpResponseBase, value: str) -> None:
        response.set_cookie(
            PWA_COOKIE, value, max_age=PWA_COOKIE_AGE, httponly=True, samesite="Lax", secure=request.is_secure()
        )
