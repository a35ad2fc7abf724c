"""Writes on plans: the plan every new tenant gets, plan changes from the console (reason, effective date,
history, audit) and their application on the effective day. One transaction each, a PlatformAuditEvent,
the process's plan cache cleared after commit."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing_free.models import Plan, PlanChange, TenantPlan, TenantUsage
from billing_free.plans import default_plan, forget_plans, forget_plans_on_commit
from tenants.audit import record_platform_event
from tenants.models import Tenant

INITIAL_REASON = "Gói mặc định khi khởi tạo đảng bộ"


def plan_assign_initial(*, tenant: Tenant, actor: str) -> TenantPlan:
    """Put a new tenant on the default plan (called by `tenant_request`, inside its transaction)."""
    plan = default_plan()
    link = TenantPlan.objects.create(tenant=tenant, plan=plan)
    TenantUsage.objects.get_or_create(tenant=tenant)
    PlanChange.objects.create(
        tenant=tenant,
        from_plan=None,
        to_plan=plan,
        reason=INITIAL_REASON,
        effective_on=timezone.localdate(),
        actor=actor,
        applied_at=timezone.now(),
    )
    record_platform_event(
        actor=actor, action="billing.plan_assigned", tenant_slug=tenant.schema_name, changes={"plan": plan.code}
    )
    return link


def _apply(change: PlanChange) -> None:
    link = TenantPlan.objects.select_for_update().get(tenant_id=change.tenant_id)
    change.from_plan_id = link.plan_id
    link.plan = change.to_plan
    link.assigned_at = timezone.now()
    link.save(update_fields=["plan", "assigned_at"])
    change.applied_at = timezone.now()
    change.save(update_fields=["from_plan", "applied_at"])
    forget_plans()  # this process at once (this transaction sees the new plan) …
    forget_plans_on_commit()  # … and again after commit, for requests that read it meanwhile


@transaction.atomic
def plan_change(*, tenant: Tenant, plan: Plan, reason: str, effective_on: dt.date, actor: str) -> PlanChange:
    """Move `tenant` to `plan` from `effective_on` (today: at once; a later day: by the daily task)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Vui lòng ghi lý do đổi gói."), code="reason_required")
    today = timezone.localdate()
    if effective_on < today:
        raise ValidationError(
            _("Ngày hiệu lực không được trước hôm nay (%(today)s)."),
            code="effective_in_past",
            params={"today": f"{today:%d/%m/%Y}"},
        )
    current = TenantPlan.objects.select_for_update().select_related("plan").get(tenant=tenant)
    if current.plan_id == plan.pk and effective_on == today:
        raise ValidationError(_("Đảng bộ đang dùng gói “%(plan)s”."), code="same_plan", params={"plan": plan.name})
    change = PlanChange.objects.create(
        tenant=tenant,
        from_plan=current.plan,
        to_plan=plan,
        reason=reason[:500],
        effective_on=effective_on,
        actor=actor,
    )
    if effective_on == today:
        _apply(change)
    record_platform_event(
        actor=actor,
        action="billing.plan_changed" if change.applied_at else "billing.plan_scheduled",
        tenant_slug=tenant.schema_name,
        changes={
            "plan": [current.plan.code, plan.code],
            "reason": change.reason,
            "effective_on": effective_on.isoformat(),
        },
    )
    return change


@transaction.atomic
def plan_changes_apply_due(*, today: dt.date | None = None) -> int:
    """Apply the scheduled changes whose day has come, oldest first (the daily beat task)."""
    today = today or timezone.localdate()
    due = list(
        PlanChange.objects.select_for_update()
        .select_related("tenant", "to_plan")
        .filter(applied_at__isnull=True, effective_on__lte=today)
        .order_by("effective_on", "pk")
    )
    for change in due:
        _apply(change)
        record_platform_event(
            actor="system",
            action="billing.plan_changed",
            tenant_slug=change.tenant.schema_name,
            changes={"plan": change.to_plan.code, "scheduled_change": change.pk},
        )
    return len(due)
