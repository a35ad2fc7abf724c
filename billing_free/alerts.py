"""Soft limits (ADR 0034): at 80% and 100% of a limit the tenant's admins are told once per threshold and the
console flags the tenant. One `UsageAlert` row per (tenant, resource, threshold, plan, period) makes "once"
hold across processes and runs; a plan change starts afresh, per-day limits start afresh each day.

`alert_admins` tells the tenant's admins through the product's notification service (core.notifications'
`notify()`: in-app row, push or digest by each admin's preferences).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from billing_free.limits import used_now
from billing_free.models import UsageAlert
from billing_free.plans import tenant_limits
from billing_free.resources import RESOURCES, SOFT_THRESHOLDS, percent
from billing_free.statements import amount_text
from tenants.db.schema import tenant_schema
from tenants.models import Tenant


@dataclass(frozen=True)
class Level:
    resource: str
    used: int
    limit: int

    @property
    def percent(self) -> int | None:
        return percent(self.used, self.limit)


def soft_levels(tenant: Tenant) -> list[Level]:
    """Used and limit of every soft-limited resource, now."""
    limits = tenant_limits(tenant)
    return [Level(r.key, used_now(limits, r), r.limit(limits.plan)) for r in RESOURCES.values() if r.soft]


def _text(alert: UsageAlert) -> str:
    kind = RESOURCES[alert.resource]
    figures = f"{amount_text(kind, alert.used)}/{amount_text(kind, alert.limit)}"
    per_day = " hôm nay" if alert.period else ""
    if alert.threshold >= 100:
        return (
            f"Đảng bộ đã dùng hết hạn mức “{kind.label}”{per_day} của gói dịch vụ ({figures}). "
            "Các thao tác vượt hạn mức sẽ bị từ chối; đề nghị liên hệ quản trị nền tảng."
        )
    return f"Đảng bộ đã dùng {alert.threshold}% hạn mức “{kind.label}”{per_day} của gói dịch vụ ({figures})."


def admin_user_ids() -> list[int]:
    """Active administrators of the current tenant schema (the admin group or a tenant-admin grant)."""
    from django.contrib.auth.models import User

    from core.access.models import Role
    from core.accounts.services import TENANT_ADMIN_GROUP

    admins = User.objects.filter(is_active=True).filter(
        Q(groups__name=TENANT_ADMIN_GROUP) | Q(role_grants__role=Role.TENANT_ADMIN)
    )
    return sorted(set(admins.values_list("pk", flat=True)))


def alert_admins(tenant: Tenant, alert: UsageAlert) -> int:
    """Tell the tenant's admins through notify() (keyed by the alert: told once); returns how many were told."""
    from core.notifications.models import Kind
    from core.notifications.services import notify

    with tenant_schema(tenant):
        users = admin_user_ids()
        notice = notify(
            kind=Kind.GENERAL,
            text=_text(alert),
            url="/goi-dich-vu/",
            user_ids=users,
            key=f"usage-alert-{alert.pk}",
            over_quota_allowed=True,  # the alert about the limit itself must get through
        )
        return notice.recipients


def _new_alert(tenant: Tenant, level: Level, threshold: int, plan_id: int, period: str) -> UsageAlert | None:
    try:
        with transaction.atomic():
            return UsageAlert.objects.create(
                tenant=tenant, resource=level.resource, threshold=threshold, plan_id=plan_id, period=period,
                used=level.used, limit=level.limit,
            )  # fmt: skip
    except IntegrityError:  # already raised for this threshold
        return None


def alerts_check(tenant: Tenant) -> list[UsageAlert]:
    """Record the thresholds newly reached and tell the admins once (the highest new threshold only)."""
    plan_id = tenant_limits(tenant).plan.pk
    today = f"{timezone.localdate():%Y-%m-%d}"
    raised: list[UsageAlert] = []
    for level in soft_levels(tenant):
        reached = [t for t in SOFT_THRESHOLDS if level.percent is not None and level.percent >= t]
        period = today if RESOURCES[level.resource].per_day else ""
        new = [a for t in reached if (a := _new_alert(tenant, level, t, plan_id, period)) is not None]
        if new:
            top = new[-1]
            top.notified = alert_admins(tenant, top)
            top.save(update_fields=["notified"])
            raised.extend(new)
    return raised


def flagged(tenant_ids: list[int]) -> dict[int, list[UsageAlert]]:
    """Current flags of each tenant: alerts of its current plan (today's for per-day limits), highest first."""
    from billing_free.models import TenantPlan

    plans = dict(TenantPlan.objects.filter(tenant_id__in=tenant_ids).values_list("tenant_id", "plan_id"))
    today = f"{timezone.localdate():%Y-%m-%d}"
    out: dict[int, list[UsageAlert]] = {}
    rows = UsageAlert.objects.filter(tenant_id__in=tenant_ids).filter(Q(period="") | Q(period=today))
    for alert in rows.order_by("-threshold", "resource"):
        if plans.get(alert.tenant_id) == alert.plan_id:
            out.setdefault(alert.tenant_id, []).append(alert)
    return out
