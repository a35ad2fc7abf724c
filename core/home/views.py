"""Tenant pages: home, login (throttled), one-time password setup, PWA manifest and service worker."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from core.accounts.throttle import (
    THROTTLED_ACCOUNT,
    THROTTLED_SOURCE,
    Refusal,
    login_failed,
    login_refusal,
    login_succeeded,
    login_trust_browser,
)
from core.content.audience import reader_for
from core.home.cards import home_cards
from core.home.templatetags.pwa import user_key
from tenants.db.schema import current_schema
from tenants.rollout.gating import UnitNotRolledOut


@login_not_required  # the committee's landing page: its name and the login button (figures only when signed in)
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the member's cards (next meeting, new documents, notifications …) with a constant number of
    queries; anonymous: the committee's name and the login button (no figures before signing in)."""
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        reader = reader_for(user)
        context = {"cards": home_cards(user, reader), "greeting": reader.name or user.get_full_name() or user.username}
        return render(request, "tenant/home.html", context)
    return render(request, "tenant/home.html")


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khoá."),
        "throttled": THROTTLED_SOURCE,
        "throttled_account": THROTTLED_ACCOUNT,
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        refusal = login_refusal(self.request, username)  # type: ignore[arg-type]
        if refusal is Refusal.SOURCE:
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        if refusal is Refusal.ACCOUNT:
            raise ValidationError(self.error_messages["throttled_account"], code="throttled_account")
        try:
            cleaned = super().clean()
        except UnitNotRolledOut:
            raise  # right password, unit not rolled out yet: not a failed attempt for the throttle
        except ValidationError:
            login_failed(self.request, username)  # type: ignore[arg-type]
            raise
        login_succeeded(self.request, username)  # type: ignore[arg-type]
        return cleaned


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    template_name = "registration/login.html"

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        login_trust_browser(self.request, response, form.get_user())  # lets this browser in during an attack
        return response


class PasswordSetupView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_setup.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Đã đặt mật khẩu. Mời bạn đăng nhập."))
        return super().form_valid(form)


@login_not_required  # the PWA manifest: fetched by the browser before anyone logs in
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    tenant = getattr(request, "tenant", None)
    name = tenant.name if tenant else "Sổ tay đảng viên điện tử"
    return JsonResponse(
        {
            "name": f"Sổ tay đảng viên — {name}",
            "short_name": "Sổ tay",
            "lang": "vi",
            "start_url": "/?source=pwa",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#b71c1c",
            "icons": [
                {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@login_not_required  # the service worker script: registered on the login page too
@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script, rendered for the signed-in member: its page cache is named after the tenant and the
    member (ADR 0033), so a new member on the same phone installs a worker that drops the last one's pages."""
    key = user_key(request)
    pages = f"sotay-pages-{current_schema()}-{key}" if key else ""
    response = render(request, "pwa/sw.js", {"pages_cache": pages}, content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required  # shown by the service worker when there is no network
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "pwa/offline.html")
