"""Pages need a signed-in user unless a view says otherwise (fails closed), on tenant and console hosts.

Django's LoginRequiredMiddleware, sending the anonymous to the login page of the host they are on: the
committee's `/dang-nhap/` on a tenant host, the console's `/console/dang-nhap/` on the platform host (one
LOGIN_URL cannot name both: each urlconf has its own). Public views opt out with
`django.contrib.auth.decorators.login_not_required`; DRF views are exempt by DRF itself (the API
authenticates and refuses on its own: `api.base.TenantAPIView`). Being signed in is only the first gate:
each view still checks the right it needs (tests/hardening/test_login_walk.py walks every route).
"""

from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url

CONSOLE_LOGIN_URL = "console:login"


class HostLoginRequiredMiddleware(LoginRequiredMiddleware):
    def handle_no_permission(
        self, request: HttpRequest, view_func: Callable[..., HttpResponseBase]
    ) -> HttpResponseRedirect:
        login_url = getattr(view_func, "login_url", None)
        if login_url is None and getattr(request, "tenant", None) is None:
            login_url = CONSOLE_LOGIN_URL
        return redirect_to_login(
            request.get_full_path(),
            resolve_url(login_url or self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func),
        )
