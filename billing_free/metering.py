"""Daily usage rows and the nightly storage reconciliation (ADR 0034).

`usage_snapshot` writes the day's levels (members, active members, live units, stored bytes) into the tenant's
`DailyUsage` row, next to the counts the in-process meter adds (API requests, notifications sent). Tenant
tables are read with schema-qualified SQL, so the task runs from the public schema and names its tenant.
`storage_reconcile` recounts the bytes actually stored for the tenant and corrects the running counter.
"""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from billing_free.limits import members_used, storage_used, units_used
from billing_free.models import DailyUsage, TenantUsage
from core.content.objects import storage_usage
from tenants.models import Tenant

ACTIVE_DAYS = 30
KEEP_MONTHS = 24


def active_members(schema: str, day: dt.date) -> int:
    """Members (not gone) whose account was used in the ACTIVE_DAYS days up to `day`."""
    from core.accounts.models import DailyAccess
    from core.members.models import GONE_STATUSES, Member

    member, access = Member._meta.db_table, DailyAccess._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM "{schema}"."{member}" m WHERE NOT (m.status = ANY(%s)) AND m.user_id IN '
            f'(SELECT a.user_id FROM "{schema}"."{access}" a WHERE a.day > %s AND a.day <= %s)',
            [list(GONE_STATUSES), day - dt.timedelta(days=ACTIVE_DAYS), day],
        )
        return int(cursor.fetchone()[0])


def usage_snapshot(tenant: Tenant, day: dt.date | None = None) -> DailyUsage:
    """Write (or refresh) the tenant's levels for `day` (today by default)."""
    day = day or timezone.localdate()
    levels = {
        "members": members_used(tenant.schema_name),
        "active_members": active_members(tenant.schema_name, day),
        "live_units": units_used(tenant.pk),
        "storage_bytes": storage_used(tenant.pk),
    }
    row, created = DailyUsage.objects.get_or_create(tenant=tenant, day=day, defaults=levels)
    if not created:
        DailyUsage.objects.filter(pk=row.pk).update(**levels)
        row.refresh_from_db()
    return row


def stored_bytes(schema: str) -> int:
    """Bytes the tenant really keeps in the private store (disk or bucket, core/content/objects.py)."""
    return storage_usage(schema).bytes


@transaction.atomic
def storage_reconcile(tenant: Tenant) -> TenantUsage:
    """Set the running counter to what is really stored; keep the drift found, for the console."""
    usage, _ = TenantUsage.objects.select_for_update().get_or_create(tenant=tenant)
    stored = stored_bytes(tenant.schema_name)
    usage.reconcile_drift = usage.storage_bytes - stored
    usage.storage_bytes = stored
    usage.reconciled_at = timezone.now()
    usage.save(update_fields=["storage_bytes", "reconcile_drift", "reconciled_at"])
    return usage


def usage_prune(today: dt.date | None = None) -> int:
    """Delete daily rows older than KEEP_MONTHS months (from the first day of that month)."""
    today = today or timezone.localdate()
    months = today.year * 12 + today.month - 1 - KEEP_MONTHS
    cutoff = dt.date(months // 12, months % 12 + 1, 1)
    deleted, _ = DailyUsage.objects.filter(day__lt=cutoff).delete()
    return deleted
