"""Reads for the usage pages and the monthly statement of one tenant (ADR 0035).

A statement is built from the month's `DailyUsage` rows (one query), the plan in force at the end of the month
(from the plan history), the month's plan changes and soft-limit alerts. The amount is always 0 VND: the
service is free; the statement shows what the committee used against its plan's limits.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from billing_free.limits import members_used, storage_used, units_used
from billing_free.models import DailyUsage, Plan, PlanChange, TenantPlan, UsageAlert
from billing_free.plans import tenant_limits
from billing_free.resources import MEMBERS, NOTIFICATIONS, RESOURCES, STORAGE, UNITS, Resource, percent
from tenants.models import Tenant


@dataclass(frozen=True)
class Line:
    resource: Resource
    used: int
    limit: int

    @property
    def percent(self) -> int | None:
        return percent(self.used, self.limit)

    @property
    def flag(self) -> str:
        """ "" below 80%, "warn" from 80%, "full" from 100%."""
        p = self.percent
        return "" if p is None or p < 80 else ("full" if p >= 100 else "warn")

    @property
    def meter_value(self) -> int:
        return min(self.percent or 0, 100)

    @property
    def used_text(self) -> str:
        return amount_text(self.resource, self.used)

    @property
    def limit_text(self) -> str:
        return amount_text(self.resource, self.limit) if self.limit else str(_("Không giới hạn"))


def number_text(n: int) -> str:
    """Vietnamese thousands: 472.869."""
    return f"{n:,}".replace(",", ".")


def amount_text(resource: Resource, n: int) -> str:
    return str(filesizeformat(n)) if resource.scale > 1 else number_text(n)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def parse_month(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date() if len(text) == 7 else None
    except ValueError:
        return None


def live_lines(tenant: Tenant) -> list[Line]:
    """Usage now against the current plan (members counted live; storage from the running counter)."""
    limits = tenant_limits(tenant)
    plan = limits.plan
    today = DailyUsage.objects.filter(tenant=tenant, day=timezone.localdate()).first()
    return [
        Line(MEMBERS, members_used(tenant.schema_name), MEMBERS.limit(plan)),
        Line(UNITS, units_used(tenant.pk), UNITS.limit(plan)),
        Line(STORAGE, storage_used(tenant.pk), STORAGE.limit(plan)),
        Line(NOTIFICATIONS, today.notifications_sent if today else 0, NOTIFICATIONS.limit(plan)),
    ]


@dataclass(frozen=True)
class OverviewRow:
    tenant: Tenant
    plan: Plan | None
    lines: list[Line]
    members_30d: int | None  # change in members over 30 days (None without a row 30 days ago)
    trend: list[int] = field(default_factory=list)  # members, one point a day over 30 days

    @property
    def flag(self) -> str:
        flags = {line.flag for line in self.lines}
        return "full" if "full" in flags else ("warn" if "warn" in flags else "")


def overview_rows(tenants: list[Tenant]) -> list[OverviewRow]:
    """Every tenant's latest daily levels against its plan, with a 30-day members trend (two queries)."""
    ids = [t.pk for t in tenants]
    plans = {link.tenant_id: link.plan for link in TenantPlan.objects.filter(tenant_id__in=ids).select_related("plan")}
    since = timezone.localdate() - dt.timedelta(days=30)
    days: dict[int, list[DailyUsage]] = {}
    for row in DailyUsage.objects.filter(tenant_id__in=ids, day__gte=since).order_by("tenant_id", "day"):
        days.setdefault(row.tenant_id, []).append(row)
    out = []
    for tenant in tenants:
        plan, rows = plans.get(tenant.pk), days.get(tenant.pk, [])
        last = rows[-1] if rows else None
        lines = []
        if plan is not None:
            lines = [
                Line(MEMBERS, last.members if last else 0, MEMBERS.limit(plan)),
                Line(UNITS, last.live_units if last else 0, UNITS.limit(plan)),
                Line(STORAGE, last.storage_bytes if last else 0, STORAGE.limit(plan)),
                Line(NOTIFICATIONS, last.notifications_sent if last else 0, NOTIFICATIONS.limit(plan)),
            ]
        change = (rows[-1].members - rows[0].members) if len(rows) > 1 and rows[0].day == since else None
        out.append(OverviewRow(tenant, plan, lines, change, [r.members for r in rows]))
    return out


@dataclass(frozen=True)
class Statement:
    tenant: Tenant
    month: dt.date
    plan: Plan
    lines: list[Line]  # levels at the end of the month (or the last metered day) against the plan
    days: list[DailyUsage]
    api_requests: int
    notifications_sent: int
    peak_notifications_day: int
    members_start: int | None
    members_end: int | None
    active_members_end: int | None
    changes: list[PlanChange]
    alerts: list[UsageAlert]
    amount_vnd: int = 0

    @property
    def members_change(self) -> int | None:
        if self.members_start is None or self.members_end is None:
            return None
        return self.members_end - self.members_start


def _plan_at(tenant: Tenant, day: dt.date) -> Plan:
    """The plan in force on `day`: the last change applied with an effective date on or before it."""
    change = (
        PlanChange.objects.filter(tenant=tenant, applied_at__isnull=False, effective_on__lte=day)
        .select_related("to_plan")
        .order_by("-effective_on", "-pk")
        .first()
    )
    return change.to_plan if change else tenant_limits(tenant).plan


def statement(tenant: Tenant, month: dt.date) -> Statement:
    end = next_month(month) - dt.timedelta(days=1)
    plan = _plan_at(tenant, min(end, timezone.localdate()))
    days = list(DailyUsage.objects.filter(tenant=tenant, day__gte=month, day__lte=end).order_by("day"))
    totals = DailyUsage.objects.filter(pk__in=[d.pk for d in days]).aggregate(
        api=Sum("api_requests"), notes=Sum("notifications_sent"), peak=Max("notifications_sent")
    )
    last = days[-1] if days else None
    lines = [
        Line(MEMBERS, last.members if last else 0, MEMBERS.limit(plan)),
        Line(UNITS, last.live_units if last else 0, UNITS.limit(plan)),
        Line(STORAGE, last.storage_bytes if last else 0, STORAGE.limit(plan)),
        Line(NOTIFICATIONS, totals["peak"] or 0, NOTIFICATIONS.limit(plan)),
    ]
    return Statement(
        tenant=tenant,
        month=month,
        plan=plan,
        lines=lines,
        days=days,
        api_requests=totals["api"] or 0,
        notifications_sent=totals["notes"] or 0,
        peak_notifications_day=totals["peak"] or 0,
        members_start=days[0].members if days else None,
        members_end=last.members if last else None,
        active_members_end=last.active_members if last else None,
        changes=list(
            PlanChange.objects.filter(tenant=tenant, effective_on__gte=month, effective_on__lte=end).select_related(
                "from_plan", "to_plan"
            )
        ),
        alerts=list(UsageAlert.objects.filter(tenant=tenant, created_at__date__gte=month, created_at__date__lte=end)),
    )


def resource_label(key: str) -> str:
    return str(RESOURCES[key].label)
