"""Platform console (public schema): tenants with status, onboarding with a progress bar, lifecycle actions."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tenants.console.forms import ConfirmSlugForm, TenantCreateForm
from tenants.models import Tenant
from tenants.provisioning import services
from tenants.selectors import tenant_list_with_hosts

console_required: Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]] = staff_member_required(
    login_url="console:login"
)


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


@console_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "console/home.html", {"tenants": tenant_list_with_hosts()})


@console_required
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


@console_required
def tenant_detail(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = get_object_or_404(Tenant, pk=tenant_id)
    return render(
        request,
        "console/tenant_detail.html",
        {
            "t": tenant,
            "hosts": list(tenant.domains.values_list("domain", flat=True)),
            "confirm_form": ConfirmSlugForm(),
        },
    )


@console_required
def tenant_progress(request: HttpRequest, tenant_id: int) -> JsonResponse:
    tenant = get_object_or_404(Tenant, pk=tenant_id)
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
def tenant_action(request: HttpRequest, tenant_id: int, action: str) -> HttpResponse:
    tenant = get_object_or_404(Tenant, pk=tenant_id)
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
            messages.success(request, f"Đã xoá đảng bộ {tenant.name}.")
            return redirect("console:home")
        else:
            return HttpResponse("Thao tác không hợp lệ.", status=400)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã thực hiện thao tác.")
    return redirect("console:tenant_detail", tenant_id=tenant.pk)
