from django.contrib import admin

from tenants.admin_sites import console_site
from tenants.models import Domain, PlatformAuditEvent, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Tenant, site=console_site)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "schema_name", "status", "created_at", "ready_at")
    list_filter = ("status",)
    search_fields = ("name", "schema_name")
    readonly_fields = ("schema_name", "status", "status_reason", "progress", "progress_label", "ready_at")
    inlines = (DomainInline,)

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # deletion drops a schema: only through tenant_delete with a typed confirmation


@admin.register(PlatformAuditEvent, site=console_site)
class PlatformAuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "tenant_slug")
    list_filter = ("action",)

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
