"""The tenant's own plan, usage and monthly statement on its host (/goi-dich-vu/), for its administrators
(the tenant-admin group or a tenant-admin grant); anyone else gets a 404. Only the tenant of the host is ever
read: there is no tenant id in these URLs."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from billing_free.alerts import admin_user_ids
from billing_free.pages import month_or_400, plan_facts, statement_context, statement_csv
from billing_free.plans import plan_for
from billing_free.statements import live_lines
from tenants.models import Tenant


def _tenant_for_admin(request: HttpRequest) -> Tenant:
    tenant = getattr(request, "tenant", None)
    if tenant is None or request.user.pk not in admin_user_ids():
        raise Http404
    return tenant


@login_required
def usage_page(request: HttpRequest) -> HttpResponse:
    tenant = _tenant_for_admin(request)
    plan = plan_for(tenant)
    context = {"t": tenant, "plan": plan, "facts": plan_facts(plan), "lines": live_lines(tenant)}
    return render(request, "tenant/billing/usage.html", context)


def _month_context(request: HttpRequest) -> dict[str, object] | HttpResponse:
    tenant = _tenant_for_admin(request)
    month = month_or_400(request)
    if isinstance(month, HttpResponse):
        return month
    return statement_context(tenant, month) | {"csv_url": "sao-ke.csv", "print_url": "in/"}


@login_required
def statement_page(request: HttpRequest) -> HttpResponse:
    context = _month_context(request)
    if isinstance(context, HttpResponse):
        return context
    return render(request, "tenant/billing/statement.html", context)


@login_required
def statement_print(request: HttpRequest) -> HttpResponse:
    context = _month_context(request)
    if isinstance(context, HttpResponse):
        return context
    return render(request, "billing/statement_print.html", context)


@login_required
def statement_csv_view(request: HttpRequest) -> HttpResponse:
    tenant = _tenant_for_admin(request)
    month = month_or_400(request)
    if isinstance(month, HttpResponse):
        return month
    return statement_csv(tenant, month)
