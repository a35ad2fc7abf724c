"""Cross-tenant adoption overview: one `AdoptionSnapshot` per ready tenant, written by a periodic public task.

For each ready tenant the task switches to its schema, reads the root's pre-aggregated figures for the
current month (`core.stats`) and how many committees are silent (`core.news.freshness`), goes back to public
and stores them with the tenant's rollout units counted by state. The latest snapshot of each tenant is kept;
older ones go once they are a day old.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from core.news.freshness import freshness_summary
from core.stats.selectors import root_row
from tenants.db.schema import activate_public, tenant_schema
from tenants.models import Tenant, TenantStatus
from tenants.rollout.models import AdoptionSnapshot, RolloutUnit, UnitState

KEEP = dt.timedelta(days=1)


def units_by_state(tenant: Tenant) -> dict[str, int]:
    counts = dict(
        RolloutUnit.objects.filter(tenant=tenant).values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return {state: counts.get(state, 0) for state in UnitState.values}


def tenant_snapshot(tenant: Tenant, month: dt.date) -> AdoptionSnapshot:
    """Read `tenant`'s root figures for `month` in its schema and store a snapshot (public schema)."""
    with tenant_schema(tenant):
        row = root_row(month)
        fresh = freshness_summary()
        figures = {
            "members": row.members if row else 0,
            "installed": row.installed if row else 0,
            "logged_in_ever": row.logged_in_ever if row else 0,
            "active_month": row.active_month if row else 0,
            "accesses_month": row.accesses_month if row else 0,
            "news_committees": fresh.committees,
            "news_silent": fresh.silent,
            "news_silent_days": fresh.silent_days,
            "news_last_post_at": fresh.last_post_at,
        }
    now = timezone.now()
    with transaction.atomic():
        snapshot = AdoptionSnapshot.objects.create(
            tenant=tenant, taken_at=now, month=month.replace(day=1), units_by_state=units_by_state(tenant), **figures
        )
        AdoptionSnapshot.objects.filter(tenant=tenant, taken_at__lt=now - KEEP).exclude(pk=snapshot.pk).delete()
    return snapshot


def adoption_overview_snapshot(today: dt.date | None = None) -> int:
    """Snapshot every ready tenant; returns how many were written."""
    activate_public()
    month = (today or timezone.localdate()).replace(day=1)
    written = 0
    for tenant in Tenant.objects.filter(status=TenantStatus.READY).order_by("pk"):
        tenant_snapshot(tenant, month)
        written += 1
    return written


@dataclass(frozen=True)
class OverviewRow:
    tenant: Tenant
    snapshot: AdoptionSnapshot | None
    states: list[tuple[str, int]]  # (label, count) in lifecycle order

    @property
    def installed_pct(self) -> float:
        s = self.snapshot
        return round(100.0 * s.installed / s.members, 1) if s and s.members else 0.0

    @property
    def active_pct(self) -> float:
        s = self.snapshot
        return round(100.0 * s.active_month / s.members, 1) if s and s.members else 0.0

    @property
    def unit_total(self) -> int:
        return sum(n for _, n in self.states)


def overview_rows(tenants: list[Tenant]) -> list[OverviewRow]:
    """The latest snapshot of each of `tenants` (public schema only; one query)."""
    latest = {
        snap.tenant_id: snap
        for snap in AdoptionSnapshot.objects.filter(tenant__in=tenants)
        .order_by("tenant_id", "-taken_at", "-pk")
        .distinct("tenant_id")
    }
    rows = []
    for tenant in tenants:
        snap = latest.get(tenant.pk)
        counts = snap.units_by_state if snap else {}
        rows.append(
            OverviewRow(
                tenant=tenant,
                snapshot=snap,
                states=[(str(label), int(counts.get(value, 0))) for value, label in UnitState.choices],
            )
        )
    return rows
