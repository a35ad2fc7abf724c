"""Quota checks used by core services (e.g. member import): `limit_check(schema, resource, total)`."""

from django.core.exceptions import ValidationError

from billing_free.models import Plan, TenantPlan

DEFAULT_PLAN = "free"
RESOURCES = {"members": "max_members", "storage_mb": "max_storage_mb"}


def plan_for(schema_name: str) -> Plan:
    assigned = TenantPlan.objects.select_related("plan").filter(tenant__schema_name=schema_name).first()
    return assigned.plan if assigned else Plan.objects.get(code=DEFAULT_PLAN)


def limit_check(*, schema_name: str, resource: str, total: int) -> None:
    """Raise ValidationError (Vietnamese) if `total` units of `resource` exceed the tenant's plan."""
    plan = plan_for(schema_name)
    limit = getattr(plan, RESOURCES[resource])
    if limit and total > limit:
        raise ValidationError(
            "Vượt hạn mức của gói “%(plan)s”: %(total)s / %(limit)s.",
            code="quota_exceeded",
            params={"plan": plan.name, "total": total, "limit": limit},
        )
