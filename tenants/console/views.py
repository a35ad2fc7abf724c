"""Platform console (public schema): tenants with status, onboarding with a progress bar, lifecycle actions,
officer invitations. Who sees which tenant is decided in tenants/console/access.py only."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.backup.selectors import last_backups, recent_backups
from tenants.console.access import (
    console_required,
    console_tenant_or_404,
    console_tenants,
    is_operator,
    operator_required,
)
from tenants.console.forms import ConfirmSlugForm, OfficerInviteForm, TenantCreateForm
from tenants.provisioning import services
from tenants.rollout.models import ConsoleOfficer
from tenants.rollout.services import officer_invite
from tenants.selectors import tenant_list_with_hosts
from tenants.two_factor.services import tenant_two_factor_set


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


@console_required
def home(request: HttpRequest) -> HttpResponse:
    visible = set(console_tenants(request.user).values_list("pk", flat=True))
    backups = last_backups(visible)
    rows = [(row, backups.get(row.tenant.pk)) for row in tenant_list_with_hosts() if row.tenant.pk in visible]
    return render(request, "console/home.html", {"tenants": rows, "is_operator": is_operator(request.user)})


@operator_required
def tenant_create(request: HttpRequest) -> HttpResponse:
    form = TenantCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenant = services.tenant_request(actor=_actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("slug" if exc.code == "duplicate_slug" else None, exc)
        else:
            return redirect("console:tenant_detail", tenant_id=tenant.pk)
    return render(request, "console/tenant_create.html", {"form": form})


def _detail(request: HttpRequest, tenant_id: int, **extra: Any) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    operator = is_operator(request.user)
    context = {
        "t": tenant,
        "hosts": list(tenant.domains.values_list("domain", flat=True)),
        "confirm_form": ConfirmSlugForm(),
        "is_operator": operator,
        "officers": ConsoleOfficer.objects.filter(tenant=tenant).select_related("user") if operator else [],
        "invite_form": OfficerInviteForm(),
        "backups": recent_backups(tenant.pk) if operator else [],
    }
    return render(request, "console/tenant_detail.html", context | extra)


@console_required
def tenant_detail(request: HttpRequest, tenant_id: int) -> HttpResponse:
    return _detail(request, tenant_id)


@operator_required
@require_POST
def officer_invite_view(request: HttpRequest, tenant_id: int) -> HttpResponse:
    """Create the officer's account and show the one-time password-setup link (only in this response)."""
    tenant = console_tenant_or_404(request.user, tenant_id)
    form = OfficerInviteForm(request.POST)
    if not form.is_valid():
        return _detail(request, tenant.pk, invite_form=form)
    try:
        user = officer_invite(tenant=tenant, actor=_actor(request), **form.cleaned_data)
    except ValidationError as exc:
        form.add_error("email", exc)
        return _detail(request, tenant.pk, invite_form=form)
    path = reverse(
        "console:password_setup",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    messages.success(
        request,
        _("Đã mời cán bộ %(email)s. Gửi đường dẫn đặt mật khẩu dưới đây cho đồng chí ấy.") % {"email": user.email},
    )
    return _detail(request, tenant.pk, invite_link=request.build_absolute_uri(path), invited=user)


class OfficerPasswordSetupView(auth_views.PasswordResetConfirmView):
    """One-time link from an invitation: the officer chooses a password, then logs in to the console."""

    template_name = "console/password_setup.html"
    success_url = reverse_lazy("console:login")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Đã đặt mật khẩu. Mời đồng chí đăng nhập bảng điều khiển."))
        return super().form_valid(form)


@console_required
def tenant_progress(request: HttpRequest, tenant_id: int) -> JsonResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    return JsonResponse(
        {
            "status": tenant.status,
            "status_display": tenant.get_status_display(),
            "progress": tenant.progress,
            "label": tenant.progress_label,
            "reason": tenant.status_reason,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@console_required
@require_POST
def tenant_two_factor(request: HttpRequest, tenant_id: int) -> HttpResponse:
    """Operators and the tenant's own officers decide whether its admins must use two-factor authentication."""
    tenant = console_tenant_or_404(request.user, tenant_id)
    required = request.POST.get("require_two_factor") == "1"
    tenant_two_factor_set(tenant=tenant, required=required, actor=_actor(request))
    messages.success(
        request,
        _("Đã bắt buộc xác thực hai bước cho quản trị viên và ban tổ chức.")
        if required
        else _("Xác thực hai bước không còn bắt buộc (ai đã cài vẫn phải dùng)."),
    )
    return redirect("console:tenant_detail", tenant_id=tenant.pk)


@operator_required
@require_POST
def tenant_action(request: HttpRequest, tenant_id: int, action: str) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    form = ConfirmSlugForm(request.POST)
    reason = form.data.get("reason", "")
    actor = _actor(request)
    try:
        if action == "suspend":
            services.tenant_suspend(tenant=tenant, actor=actor, reason=reason)
        elif action == "resume":
            services.tenant_resume(tenant=tenant, actor=actor)
        elif action == "archive":
            services.tenant_archive(tenant=tenant, actor=actor, reason=reason)
        elif action == "retry":
            services.tenant_retry(tenant=tenant, actor=actor)
        elif action == "delete":
            services.tenant_delete(tenant=tenant, actor=actor, confirm_slug=form.data.get("confirm_slug", ""))
            messages.success(request, _("Đã xoá đảng bộ %(name)s.") % {"name": tenant.name})
            return redirect("console:home")
        else:
            return HttpResponse(_("Thao tác không hợp lệ."), status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã thực hiện thao tác."))
    return redirect("console:tenant_detail", tenant_id=tenant.pk)
