"""Two-factor pages, the same on tenant and console hosts: verify at login, set up (QR code), backup codes."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from core.accounts.middleware import allowed_during_password_change
from tenants.two_factor import services
from tenants.two_factor.forms import TokenForm
from tenants.two_factor.policy import may_enrol, on_console, two_factor_required


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran
    return request.user


def _base(request: HttpRequest) -> str:
    return "console/base.html" if on_console(request) else "base.html"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/console/" if on_console(request) else "/"


@allowed_during_password_change
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app or a backup code (django-otp throttles wrong codes)."""
    user = _user(request)
    if not user_has_device(user, confirmed=True):
        if not may_enrol(request, user):
            raise Http404  # nothing to verify, nothing to set up: the page does not exist for this account
        return redirect("two_factor:setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                services.backup_code_used(request=request, user=user)
                messages.warning(request, _("Đã dùng một mã dự phòng; mỗi mã chỉ dùng được một lần."))
            return redirect(_next(request))
        form.add_error("token", _("Mã không đúng hoặc đã hết hạn. Nếu sai nhiều lần, hãy chờ ít phút rồi thử lại."))
    return render(request, "two_factor/verify.html", {"form": form, "base": _base(request), "next": _next(request)})


@allowed_during_password_change
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and key, confirmed by one code; then the backup codes, shown once."""
    user = _user(request)
    if not may_enrol(request, user):
        raise Http404
    if user_has_device(user, confirmed=True):
        return render(request, "two_factor/setup.html", {"enrolled": True, "base": _base(request)})
    device = services.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(
            request=request, user=user, device=device, token=form.cleaned_data["token"]
        )
        if codes is not None:
            otp_login(request, device)
            shown = {"codes": codes, "base": _base(request), "next": _next(request)}
            return render(request, "two_factor/backup_codes.html", shown)
        form.add_error("token", _("Mã không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã đang hiện trong ứng dụng."))
    context: dict[str, object] = {
        "form": form,
        "base": _base(request),
        "next": _next(request),
        "required": two_factor_required(request, user),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title=_("Mã QR cài đặt")),
        "key": _base32(device.bin_key),
    }
    return render(request, "two_factor/setup.html", context)


def _base32(key: bytes) -> str:
    """The key as authenticator apps want it typed: base32, in groups of four."""
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
