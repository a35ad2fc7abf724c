"""Two Django admin sites: operators' on the platform host, each tenant admin's on the tenant host.

Separate sites keep public-schema models (tenants, domains, billing) out of the tenant admin: a tenant's
search_path includes the public schema, so a shared site would list other tenants to tenant admins.
"""

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class ConsoleAdminSite(AdminSite):
    site_header = _("Sổ tay — quản trị nền tảng")
    site_title = _("Quản trị nền tảng")
    index_title = _("Nền tảng / Platform")


class TenantAdminSite(AdminSite):
    site_header = _("Sổ tay — quản trị đảng bộ")
    site_title = _("Quản trị đảng bộ")
    index_title = _("Đảng bộ / Committee")


class ConsoleUserAdmin(UserAdmin):
    """Console users are deactivated, never deleted here: Django's delete page follows every relation to
    User, including tenant-schema tables (API tokens, audit rows) that do not exist in the public schema,
    and crashed with a 500. Untick "active" instead."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class DeviceRemovalAdmin(ModelAdmin):
    """Two-factor devices: listed and removable (a lost phone), never shown or edited — the key would let
    whoever sees it produce the owner's codes."""

    list_display = ("user", "name", "confirmed")
    fields = ("user", "name", "confirmed")
    readonly_fields = fields
    search_fields = ("user__username",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


console_site = ConsoleAdminSite(name="console_admin")
tenant_site = TenantAdminSite(name="tenant_admin")

console_site.register(User, ConsoleUserAdmin)
tenant_site.register(User, UserAdmin)
for _site in (console_site, tenant_site):
    _site.register(Group, GroupAdmin)
    _site.register(TOTPDevice, DeviceRemovalAdmin)
    _site.register(StaticDevice, DeviceRemovalAdmin)
