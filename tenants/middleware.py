"""Routes each request to its tenant schema (replaces django-tenants' TenantMainMiddleware).

- `<label>.<PLATFORM_DOMAIN>` (or a custom domain) of a `ready` tenant → that schema, tenant URLs.
- `<PLATFORM_DOMAIN>` → public schema, public site and console.
- a suspended tenant → a Vietnamese "tạm ngừng" page (503), no data; provisioning/failed/archived tenants
  and unknown hosts → 404 page. Neither touches a tenant schema.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from tenants.db.schema import activate_public, activate_tenant
from tenants.models import TenantStatus
from tenants.routing import host_map


def hostname_of(request: HttpRequest) -> str:
    """The request's host name, lower-case, without port or trailing dot.

    Read from the Host header directly: only host names in the routing map (or the platform domain) are
    served and everything else gets the 404 page, so Django's ALLOWED_HOSTS validation would add nothing
    here (it still runs wherever Django calls get_host()).
    """
    host = (request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME") or "").lower()
    if host.startswith("["):  # IPv6 literal
        return host
    return host.rsplit(":", 1)[0].rstrip(".") if ":" in host else host.rstrip(".")


def _page(template: str, status: int, request: HttpRequest, context: dict | None = None) -> HttpResponse:
    body = render_to_string(template, context or {}, request=None)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


class TenantRoutingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.platform_hosts = {settings.PLATFORM_DOMAIN, f"www.{settings.PLATFORM_DOMAIN}"}
        self.tenant_urlconf = settings.ROOT_URLCONF
        self.public_urlconf = settings.PUBLIC_SCHEMA_URLCONF

    def __call__(self, request: HttpRequest) -> HttpResponse:
        hostname = hostname_of(request)
        if hostname in self.platform_hosts:
            activate_public()
            request.urlconf = self.public_urlconf  # the handler activates request.urlconf itself
            return self.get_response(request)

        route = host_map.resolve(hostname)
        if route is None or route.status in (
            TenantStatus.PROVISIONING,
            TenantStatus.FAILED,
            TenantStatus.ARCHIVED,
        ):
            activate_public()
            return _page("errors/unknown_host.html", 404, request, {"hostname": hostname})
        if route.status == TenantStatus.SUSPENDED:
            activate_public()
            return _page("errors/suspended.html", 503, request, {"tenant_name": route.tenant.name})

        request.tenant = route.tenant  # type: ignore[attr-defined]
        activate_tenant(route.tenant)
        request.urlconf = self.tenant_urlconf
        return self.get_response(request)
