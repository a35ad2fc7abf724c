"""Per-request rollout gate on tenant hosts (after AccountActivityMiddleware).

A logged-in member whose unit is paused (or no longer open) is stopped on the next request: web requests are
logged out and sent to the login page with the reason; API requests get 403 `unit_not_rolled_out`.
Anonymous requests (no session cookie, no Authorization header) cost nothing: the user is never loaded.
A signed-in member's request costs no query either: the gate reads its facts and the unit states through
tenants/rollout/gate_cache.py (ADR 0039); a pause reaches every node within ROLLOUT_STATES_TTL seconds.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect

from core.accounts.middleware import bearer_token
from tenants.rollout.gating import member_gate_detail, token_gate_detail

# Reachable whatever the gate says (the login page shows the reason; logout must always work).
EXEMPT_VIEW_NAMES = frozenset(
    {"login", "logout", "healthz", "readyz", "manifest", "service_worker", "offline", "set_language", "api:token_login"}
)


class RolloutGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., object], view_args: object, view_kwargs: object
    ) -> HttpResponse | None:
        if "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None  # anonymous: nothing to check, the session is never loaded
        if getattr(request, "tenant", None) is None or request.path_info.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEW_NAMES:
            return None
        is_api = request.path_info.startswith("/api/")
        raw = bearer_token(request)
        if raw is not None:
            gate = token_gate_detail(raw)
        elif request.user.is_authenticated:
            gate = member_gate_detail(request.user)
        else:
            return None
        if gate is None:
            return None
        if is_api:
            return JsonResponse(gate.as_api(), status=403, json_dumps_params={"ensure_ascii": False})
        logout(request)
        messages.error(request, gate.message)
        return redirect("login")
