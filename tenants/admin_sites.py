"""Two Django admin sites: operators' on the platform host, each tenant admin's on the tenant host.

Separate sites keep public-schema models (tenants, domains, billing) out of the tenant admin: a tenant's
search_path includes the public schema, so a shared site would list other tenants to tenant admins.
"""

from django.contrib.admin import AdminSite
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


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


console_site = ConsoleAdminSite(name="console_admin")
tenant_site = TenantAdminSite(name="tenant_admin")

console_site.register(User, ConsoleUserAdmin)
tenant_site.register(User, UserAdmin)
for _site in (console_site, tenant_site):
    _site.register(Group, GroupAdmin)
