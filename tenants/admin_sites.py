"""Two Django admin sites: operators' on the platform host, each tenant admin's on the tenant host.

Separate sites keep public-schema models (tenants, domains, billing) out of the tenant admin: a tenant's
search_path includes the public schema, so a shared site would list other tenants to tenant admins.
"""

from typing import Any

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import router
from django.http import HttpRequest
from django.utils.text import capfirst
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


class TenantNestedObjects(NestedObjects):
    """The delete page's collector without the database-level cascades (DB_CASCADE): those lead to public rows
    (console officers) whose user ids are public ones, not this tenant's — Django's page would read them by a
    tenant user's id (found by tests/citus/). The delete itself never follows them either."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "force_collection": False})


class TenantUserAdmin(UserAdmin):
    def get_deleted_objects(
        self, objs: Any, request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[str]]:
        """As Django's, over this schema's relations only (plain labels, no edit links)."""
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = TenantNestedObjects(using=router.db_for_write(objs[0]._meta.model), origin=objs)
        collector.collect(objs)
        perms_needed: set[str] = set()

        def label(obj: Any) -> str:
            opts, admin = obj._meta, self.admin_site._registry.get(type(obj))
            if admin is not None and not admin.has_delete_permission(request, obj):
                perms_needed.add(str(opts.verbose_name))
            return f"{capfirst(opts.verbose_name)}: {obj}"

        nested = collector.nested(label)
        found_by_model: dict[Any, set[Any]] = collector.model_objs
        counts = {str(model._meta.verbose_name_plural): len(found) for model, found in found_by_model.items()}
        return nested, counts, perms_needed, [label(obj) for obj in collector.protected]


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
tenant_site.register(User, TenantUserAdmin)
for _site in (console_site, tenant_site):
    _site.register(Group, GroupAdmin)
    _site.register(TOTPDevice, DeviceRemovalAdmin)
    _site.register(StaticDevice, DeviceRemovalAdmin)
