from django.contrib import admin

from core.accounts.models import ApiToken
from tenants.admin_sites import tenant_site


@admin.register(ApiToken, site=tenant_site)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "label", "created_at", "expires_at", "last_used_at")
    readonly_fields = ("user", "lookup", "digest", "schema_name", "created_at", "expires_at", "last_used_at")
    exclude = ()
