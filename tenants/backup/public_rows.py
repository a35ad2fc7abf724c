"""The rows the public schema holds for one tenant, which a backup carries next to the tenant's schema.

PUBLIC_TABLES names every public table that holds rows of a tenant and how to find them; NOT_CARRIED names
public tables that refer to a tenant but are deliberately left out, with the reason. A test walks every public
model and fails when one refers to a tenant (a foreign key to Tenant or to a table listed here, or a
`tenant_slug` column) and is in neither list, so a new public table cannot be forgotten silently.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from psycopg import sql

from billing_free.models import DailyUsage, Plan, PlanChange, TenantPlan, TenantUsage, UsageAlert
from tenants.backup.models import TenantBackup
from tenants.models import Domain, PlatformAuditEvent, Tenant
from tenants.rollout.models import AdoptionSnapshot, ConsoleOfficer, RolloutTransition, RolloutUnit, RolloutWave


def _t(model: type[models.Model]) -> str:
    return model._meta.db_table


@dataclass(frozen=True)
class PublicTable:
    key: str  # name in the archive
    model: type[models.Model]
    where: str  # condition on alias t; parameters %(tenant_id)s and %(slug)s

    @property
    def table(self) -> str:
        return _t(self.model)


_OF_TENANT = "t.tenant_id = %(tenant_id)s"

# In restore order: a table comes after the tables it refers to.
PUBLIC_TABLES: tuple[PublicTable, ...] = (
    PublicTable("tenant", Tenant, "t.id = %(tenant_id)s"),
    PublicTable("domain", Domain, _OF_TENANT),
    PublicTable("plan", Plan, f"t.id IN (SELECT plan_id FROM public.{_t(TenantPlan)} WHERE tenant_id = %(tenant_id)s)"),
    PublicTable("tenant_plan", TenantPlan, _OF_TENANT),
    PublicTable("rollout_wave", RolloutWave, _OF_TENANT),
    PublicTable("rollout_unit", RolloutUnit, _OF_TENANT),
    PublicTable(
        "rollout_transition",
        RolloutTransition,
        f"t.rollout_unit_id IN (SELECT id FROM public.{_t(RolloutUnit)} WHERE tenant_id = %(tenant_id)s)",
    ),
    PublicTable(
        "officer_user",
        User,
        f"t.id IN (SELECT user_id FROM public.{_t(ConsoleOfficer)} WHERE tenant_id = %(tenant_id)s)",
    ),
    PublicTable("officer", ConsoleOfficer, _OF_TENANT),
    PublicTable("adoption_snapshot", AdoptionSnapshot, _OF_TENANT),
    PublicTable("platform_audit", PlatformAuditEvent, "t.tenant_slug = %(slug)s"),
)

NOT_CARRIED: dict[type[models.Model], str] = {
    TenantBackup: "the server's own record of its archive files; a restored server keeps its own history",
    PlanChange: "plan history is the platform's record of its decisions; the archive carries the current plan",
    TenantUsage: "running counters; recounted by the nightly reconciliation from the restored files",
    DailyUsage: "platform metering of the server that measured it; the restored tenant is measured afresh",
    UsageAlert: "soft-limit alerts of the server that sent them",
}


def carried_models() -> set[type[models.Model]]:
    return {entry.model for entry in PUBLIC_TABLES}


def read_public_rows(cursor: Any, *, tenant_id: int, slug: str) -> dict[str, list[dict[str, Any]]]:
    """{key: rows as JSON objects} for one tenant, ordered by id (call inside the backup's snapshot)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for entry in PUBLIC_TABLES:
        query = sql.SQL("SELECT row_to_json(t)::text FROM {table} t WHERE " + entry.where + " ORDER BY t.id").format(
            table=sql.Identifier("public", entry.table)
        )
        cursor.execute(query, {"tenant_id": tenant_id, "slug": slug})
        out[entry.key] = [json.loads(row[0]) for row in cursor.fetchall()]
    return out
