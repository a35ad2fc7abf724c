"""Tenant pages: home, login (throttled), one-time password setup, PWA manifest and service worker."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control

from core.accounts.throttle import login_blocked, login_failed, login_succeeded
from core.content.audience import reader_for
from core.home.cards import home_cards
from core.members.selectors import member_counts
from core.org.selectors import org_summary
from tenants.rollout.gating import UnitNotRolledOut


def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the member's cards (next meeting, new documents, notifications …) with a constant number of
    queries; anonymous: the committee's figures and the login button."""
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        reader = reader_for(user)
        context = {"cards": home_cards(user, reader), "greeting": reader.name or user.get_full_name() or user.username}
        return render(request, "tenant/home.html", context)
    return render(request, "tenant/home.html", {"org": org_summary(), "members": member_counts()})


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý phân biệt chữ hoa, chữ thường."),
        "inactive": _("Tài khoản này đã bị khoá."),
        "throttled": _("Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if login_blocked(self.request, username):  # type: ignore[arg-type]
            raise ValidationError(self.error_messages["throttled"], code="throttled")
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


class PasswordSetupView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_setup.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Đã đặt mật khẩu. Mời bạn đăng nhập."))
        return super().form_valid(form)


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


@cache_control(max_age=0, no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    return render(request, "pwa/sw.js", content_type="application/javascript")


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "pwa/offline.html")
