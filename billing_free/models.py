"""Plans and quotas (public schema). Sổ tay is free for party committees; plans only bound resources."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    code = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    max_members = models.PositiveIntegerField(help_text=_("0 = không giới hạn / unlimited"))
    max_storage_mb = models.PositiveIntegerField(help_text=_("0 = không giới hạn / unlimited"))

    def __str__(self) -> str:
        return self.name


class TenantPlan(models.Model):
    """The plan of a tenant; a tenant without a row is on the default plan."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="plan")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT)
    assigned_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.tenant_id} → {self.plan_id}"
