"""Host → tenant resolution without a query per request.

Each process keeps the whole host map in memory (a few hundred rows at most: one per tenant and custom
domain). It is reloaded when older than TENANT_ROUTING_TTL seconds, and at once in the process that
changes a tenant or a domain (services call `host_map.invalidate()` after commit). Other processes see a
change within the TTL. An unknown host is looked up again at most once a second, so a flood of random
hosts cannot turn into a flood of queries. The load is one schema-qualified SELECT, so it never touches
the connection's search_path.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from tenants.models import Tenant, TenantStatus

MISS_RELOAD_INTERVAL = 1.0

_LOAD_SQL = """
    SELECT d.domain, t.id, t.schema_name, t.name, t.status, t.require_two_factor
    FROM public.tenants_domain d JOIN public.tenants_tenant t ON t.id = d.tenant_id
"""


@dataclass(frozen=True)
class Route:
    tenant: Tenant

    @property
    def status(self) -> str:
        return self.tenant.status

    @property
    def routable(self) -> bool:
        return self.tenant.status == TenantStatus.READY


class HostMap:
    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}
        self._loaded_at = float("-inf")
        self._lock = threading.Lock()

    def resolve(self, hostname: str) -> Route | None:
        """The route for `hostname` (lower-case, no port), or None for an unknown host."""
        now = time.monotonic()
        if now - self._loaded_at > settings.TENANT_ROUTING_TTL:
            self._reload(now)
        route = self._routes.get(hostname)
        if route is None and now - self._loaded_at > MISS_RELOAD_INTERVAL:
            self._reload(now)
            route = self._routes.get(hostname)
        return route

    def invalidate(self) -> None:
        self._loaded_at = float("-inf")

    def _reload(self, now: float) -> None:
        with self._lock:
            if self._loaded_at >= now:  # another thread reloaded while we waited
                return
            with connection.cursor() as cursor:
                cursor.execute(_LOAD_SQL)
                rows = cursor.fetchall()
            routes = {}
            for domain, tenant_id, schema_name, name, status, require_two_factor in rows:
                tenant = Tenant(
                    id=tenant_id,
                    schema_name=schema_name,
                    name=name,
                    status=status,
                    require_two_factor=require_two_factor,  # read per request by tenants/two_factor
                )
                routes[domain.lower()] = Route(tenant=tenant)
            self._routes = routes
            self._loaded_at = time.monotonic()


host_map = HostMap()
