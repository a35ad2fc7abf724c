"""Plans in the operators' Django admin. Which plan a tenant is on changes only on the console (reason, effective
date, history, audit: billing_free.services.plan_change), so the links and the history are read-only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from billing_free.models import Plan, PlanChange, TenantPlan
from tenants.admin_sites import console_site


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


console_site.register(Plan)
console_site.register(TenantPlan, ReadOnlyAdmin)
console_site.register(PlanChange, ReadOnlyAdmin)
