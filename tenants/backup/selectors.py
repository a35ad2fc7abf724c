"""Reads for the console: the last backup of each tenant, and a tenant's recent backups."""

from collections.abc import Iterable

from tenants.backup.models import TenantBackup


def last_backups(tenant_ids: Iterable[int]) -> dict[int, TenantBackup]:
    """{tenant id: its most recent backup (any status)} in one query (DISTINCT ON)."""
    rows = (
        TenantBackup.objects.filter(tenant_id__in=list(tenant_ids))
        .order_by("tenant_id", "-started_at", "-pk")
        .distinct("tenant_id")
    )
    return {row.tenant_id: row for row in rows if row.tenant_id is not None}


def recent_backups(tenant_id: int, limit: int = 10) -> list[TenantBackup]:
    return list(TenantBackup.objects.filter(tenant_id=tenant_id).order_by("-started_at", "-pk")[:limit])
