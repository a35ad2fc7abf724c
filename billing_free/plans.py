"""Reads of plans: the plan of a tenant (cached in the process for a minute, so hot paths such as the API
throttle cost no query), the plan list, a tenant's plan history.

A tenant with no plan is a fault (every tenant gets one at creation, ADR 0034): `PlanMissing`, never a
silent fallback.
"""

import threading
import time
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from billing_free.models import Plan, PlanChange, TenantPlan
from tenants.models import Tenant

CACHE_SECONDS = 60.0


class PlanMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class TenantLimits:
    tenant_id: int
    schema: str
    plan: Plan


_cache: dict[str, tuple[float, TenantLimits]] = {}
_lock = threading.Lock()


def schema_of(tenant: Tenant | str) -> str:
    return tenant if isinstance(tenant, str) else tenant.schema_name


def tenant_limits(tenant: Tenant | str) -> TenantLimits:
    """The tenant's id and plan; read once a minute per process (a plan change clears this process's copy
    at once, other processes within CACHE_SECONDS)."""
    schema = schema_of(tenant)
    now = time.monotonic()
    hit = _cache.get(schema)
    if hit is not None and hit[0] > now:
        return hit[1]
    link = TenantPlan.objects.select_related("plan", "tenant").filter(tenant__schema_name=schema).first()
    if link is None:
        raise PlanMissing(f"đảng bộ {schema} chưa được gán gói dịch vụ")
    limits = TenantLimits(tenant_id=link.tenant_id, schema=schema, plan=link.plan)
    with _lock:
        _cache[schema] = (now + CACHE_SECONDS, limits)
    return limits


def plan_for(tenant: Tenant | str) -> Plan:
    return tenant_limits(tenant).plan


def forget_plans() -> None:
    with _lock:
        _cache.clear()


def forget_plans_on_commit() -> None:
    transaction.on_commit(forget_plans)


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.order_by("pk")


def default_plan() -> Plan:
    plan = Plan.objects.filter(is_default=True).first()
    if plan is None:
        raise PlanMissing("chưa có gói mặc định cho đảng bộ mới")
    return plan


def plan_history(tenant: Tenant) -> QuerySet[PlanChange]:
    return PlanChange.objects.filter(tenant=tenant).select_related("from_plan", "to_plan")
