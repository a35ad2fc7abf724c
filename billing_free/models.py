"""Plans, plan history, usage and soft-limit alerts (public schema). Sổ tay is free for party committees: a
plan only bounds what a committee may use, so one committee cannot starve the others (ADR 0034).

Every limit is a whole number where 0 means "no limit". No foreign key points into a tenant schema.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

UNLIMITED = _("0 = không giới hạn / unlimited")


class Plan(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(_("tên gói"), max_length=100)
    max_members = models.PositiveIntegerField(_("số đảng viên tối đa"), help_text=UNLIMITED)
    max_storage_mb = models.PositiveIntegerField(_("dung lượng lưu trữ (MB)"), help_text=UNLIMITED)
    max_live_units = models.PositiveIntegerField(_("số đơn vị triển khai chính thức"), default=0, help_text=UNLIMITED)
    max_attachment_mb = models.PositiveIntegerField(_("tệp lớn nhất (MB)"), default=20, help_text=UNLIMITED)
    api_per_minute = models.PositiveIntegerField(_("yêu cầu API mỗi phút"), default=0, help_text=UNLIMITED)
    notifications_per_day = models.PositiveIntegerField(_("thông báo mỗi ngày"), default=0, help_text=UNLIMITED)
    is_default = models.BooleanField(_("gói mặc định cho đảng bộ mới"), default=False)

    class Meta:
        ordering: ClassVar = ["pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True), name="plan_one_default")
        ]

    def __str__(self) -> str:
        return self.name


class TenantPlan(models.Model):
    """The plan a tenant is on now. Every tenant has one from its creation (tenants.provisioning)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="plan")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT)
    assigned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.tenant_id} → {self.plan_id}"


class PlanChange(models.Model):
    """One change of a tenant's plan: who, why, from which day. Applied on its effective date (today or a
    later day, by the daily task); the rows are the plan history shown on the console."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="plan_changes")
    from_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=500)
    effective_on = models.DateField(_("ngày hiệu lực"))
    actor = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-effective_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.from_plan_id} → {self.to_plan_id} ({self.effective_on})"


class TenantUsage(models.Model):
    """Running counters of a tenant that are not cheap to recount: stored bytes (kept incrementally on every
    upload and delete, reconciled nightly against the stored files)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="usage")
    storage_bytes = models.BigIntegerField(default=0)
    reconciled_at = models.DateTimeField(null=True, blank=True)
    reconcile_drift = models.BigIntegerField(default=0, help_text="counted − stored at the last reconciliation")

    def __str__(self) -> str:
        return f"{self.tenant_id}: {self.storage_bytes} B"


class DailyUsage(models.Model):
    """What one tenant used on one day; kept 24 months (`billing_free.tasks.usage_daily`)."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="daily_usage")
    day = models.DateField()
    members = models.PositiveIntegerField(default=0)
    active_members = models.PositiveIntegerField(default=0)
    live_units = models.PositiveIntegerField(default=0)
    storage_bytes = models.BigIntegerField(default=0)
    api_requests = models.PositiveBigIntegerField(default=0)
    notifications_sent = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["tenant_id", "day"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["tenant", "day"], name="dailyusage_tenant_day")]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.day}"


class UsageAlert(models.Model):
    """A soft limit reached (80% or 100%). Unique per tenant, resource, threshold, plan and period, so the
    tenant's admins hear of each threshold once; `period` is the day for per-day limits, "" otherwise."""

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="usage_alerts")
    resource = models.CharField(max_length=32)
    threshold = models.PositiveSmallIntegerField()  # percent: 80 or 100
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=10, blank=True)
    used = models.BigIntegerField()
    limit = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    notified = models.PositiveIntegerField(default=0, help_text="admins notified")

    class Meta:
        ordering: ClassVar = ["-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["tenant", "resource", "threshold", "plan", "period"], name="usagealert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id} {self.resource} {self.threshold}%"

    @property
    def label(self) -> str:
        from billing_free.resources import RESOURCES

        kind = RESOURCES.get(self.resource)
        return str(kind.label) if kind else self.resource
