from django.contrib import admin

from core.audit.models import AuditEvent
from tenants.admin_sites import tenant_site


@admin.register(AuditEvent, site=tenant_site)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "on_behalf_of", "action", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("action", "target_id", "request_id")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
