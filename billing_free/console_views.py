"""Console pages of billing_free (public schema, ADR 0034/0035): every tenant's usage against its plan with
flags and a trend, one tenant's usage, plan and plan history, the plan change (operators), the monthly
statement (page, CSV, print view). Who sees which tenant: tenants/console/access.py only (officers: their
own tenant; any other id is a 404)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing_free.forms import PlanChangeForm
from billing_free.models import DailyUsage
from billing_free.pages import month_or_400, plan_facts, statement_context, statement_csv
from billing_free.plans import plan_for, plan_history
from billing_free.services import plan_change
from billing_free.statements import live_lines, overview_rows
from tenants.console.access import (
    console_required,
    console_tenant_or_404,
    console_tenants,
    is_operator,
    operator_required,
)
from tenants.models import Tenant


def sparkline(points: list[int], width: int = 120, height: int = 24) -> str:
    """SVG polyline points for a small trend line ("" with fewer than two points)."""
    if len(points) < 2:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or 1
    step = width / (len(points) - 1)
    return " ".join(f"{i * step:.1f},{height - 2 - (p - low) * (height - 4) / span:.1f}" for i, p in enumerate(points))


@console_required
def usage_overview(request: HttpRequest) -> HttpResponse:
    tenants = list(console_tenants(request.user).order_by("name"))
    rows = [(row, sparkline(row.trend)) for row in overview_rows(tenants)]
    return render(request, "console/billing/overview.html", {"rows": rows, "is_operator": is_operator(request.user)})


def _months(tenant: Tenant) -> list[Any]:
    """The last 12 months of metering: end-of-month levels (max) and the month's totals."""
    return list(
        DailyUsage.objects.filter(tenant=tenant)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            members=Max("members"),
            storage=Max("storage_bytes"),
            api=Sum("api_requests"),
            notes=Sum("notifications_sent"),
        )
        .order_by("-month")[:12]
    )


def _usage(request: HttpRequest, tenant: Tenant, form: PlanChangeForm | None = None) -> HttpResponse:
    operator = is_operator(request.user)
    context = {
        "t": tenant,
        "plan": plan_for(tenant),
        "facts": plan_facts(plan_for(tenant)),
        "lines": live_lines(tenant),
        "months": _months(tenant),
        "history": plan_history(tenant),
        "is_operator": operator,
        "form": (form or PlanChangeForm()) if operator else None,
    }
    return render(request, "console/billing/tenant.html", context, status=400 if form and form.errors else 200)


@console_required
def tenant_usage(request: HttpRequest, tenant_id: int) -> HttpResponse:
    return _usage(request, console_tenant_or_404(request.user, tenant_id))


@operator_required
@require_POST
def tenant_plan_change(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    form = PlanChangeForm(request.POST)
    if not form.is_valid():
        return _usage(request, tenant, form)
    try:
        change = plan_change(tenant=tenant, actor=request.user.get_username(), **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _usage(request, tenant, form)
    if change.applied_at:
        messages.success(request, _("Đã chuyển sang gói “%(plan)s”.") % {"plan": change.to_plan.name})
    else:
        messages.success(
            request,
            _("Đã hẹn chuyển sang gói “%(plan)s” từ ngày %(day)s.")
            % {"plan": change.to_plan.name, "day": f"{change.effective_on:%d/%m/%Y}"},
        )
    return redirect("console:billing:tenant", tenant_id=tenant.pk)


def _statement(request: HttpRequest, tenant_id: int, template: str) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    month = month_or_400(request)
    if isinstance(month, HttpResponse):
        return month
    context = statement_context(tenant, month) | {"csv_url": "sao-ke.csv", "print_url": "in/", "console": True}
    return render(request, template, context)


@console_required
def statement_page(request: HttpRequest, tenant_id: int) -> HttpResponse:
    return _statement(request, tenant_id, "console/billing/statement.html")


@console_required
def statement_print(request: HttpRequest, tenant_id: int) -> HttpResponse:
    return _statement(request, tenant_id, "billing/statement_print.html")


@console_required
def statement_csv_view(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    month = month_or_400(request)
    if isinstance(month, HttpResponse):
        return month
    return statement_csv(tenant, month)
