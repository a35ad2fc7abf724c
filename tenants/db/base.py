"""PostgreSQL backend: django-tenants' wrapper, minus the work it repeats on every request.

Stock `set_tenant` forgets the connection's search_path (and clears the ContentType cache) on every call,
so each request pays a `SET search_path` even when the persistent connection already points at the
right schema. Here switching to the schema the connection already uses is a no-op; switching to another
schema behaves exactly as before. With TENANT_LIMIT_SET_CALLS the SET is then issued once per
connection and schema, and again after a rollback or reconnect (the parent class tracks those).
"""

from typing import Any

from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    def _handle_search_path(self, cursor: Any = None) -> None:
        # Fast path of every query once the search_path is set (TENANT_LIMIT_SET_CALLS is always on here):
        # the parent would first read two settings through the lazy settings object.
        if self.search_path_set_schemas is not None:
            return
        super()._handle_search_path(cursor)

    def set_tenant(self, tenant: Any, include_public: bool = True) -> None:
        if (
            self.schema_name is not None
            and tenant.schema_name == self.schema_name
            and include_public == self.include_public_schema
        ):
            self.tenant = tenant
            return
        super().set_tenant(tenant, include_public)
