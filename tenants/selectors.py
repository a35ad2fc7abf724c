"""Reads on the public schema."""

from dataclasses import dataclass

from django.db.models import Prefetch

from tenants.models import Domain, Tenant


@dataclass(frozen=True)
class TenantRow:
    tenant: Tenant
    primary_host: str


def tenant_list_with_hosts() -> list[TenantRow]:
    """Every tenant with its primary host, in two queries."""
    tenants = Tenant.objects.prefetch_related(
        Prefetch("domains", queryset=Domain.objects.filter(is_primary=True), to_attr="primary")
    ).order_by("name")
    return [TenantRow(tenant=t, primary_host=t.primary[0].domain if t.primary else "") for t in tenants]
