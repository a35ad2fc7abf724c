"""The two plans of ADR 0034 and a plan for every existing tenant (no fallback row any more).

Existing tenants were on the unlimited "free" row: they go to the full-rollout plan ("Tỉnh/Thành"), so no
running committee is suddenly bounded by the pilot plan; the move is recorded in their plan history. New
tenants get the default (pilot) plan from `tenants.provisioning.services.tenant_request`.
"""

from django.db import migrations
from django.utils import timezone

PLANS = {
    "thi-diem": {
        "name": "Thí điểm",
        "max_members": 100_000,
        "max_live_units": 10,
        "max_storage_mb": 20 * 1024,
        "max_attachment_mb": 20,
        "api_per_minute": 1_200,
        "notifications_per_day": 300_000,
        "is_default": True,
    },
    "tinh-thanh": {
        "name": "Tỉnh/Thành",
        "max_members": 600_000,
        "max_live_units": 0,
        "max_storage_mb": 500 * 1024,
        "max_attachment_mb": 50,
        "api_per_minute": 12_000,
        "notifications_per_day": 3_000_000,
        "is_default": False,
    },
}
REASON = "Gán gói khi nâng cấp hệ thống (trước đây: gói miễn phí không giới hạn)"


def forwards(apps, schema_editor):
    Plan = apps.get_model("billing_free", "Plan")
    TenantPlan = apps.get_model("billing_free", "TenantPlan")
    PlanChange = apps.get_model("billing_free", "PlanChange")
    TenantUsage = apps.get_model("billing_free", "TenantUsage")
    Tenant = apps.get_model("tenants", "Tenant")
    plans = {code: Plan.objects.update_or_create(code=code, defaults=values)[0] for code, values in PLANS.items()}
    full = plans["tinh-thanh"]
    now = timezone.now()
    for tenant in Tenant.objects.all():
        link = TenantPlan.objects.filter(tenant=tenant).first()
        before = link.plan if link else None
        if link is None:
            TenantPlan.objects.create(tenant=tenant, plan=full)
        elif link.plan.code == "free":
            link.plan = full
            link.save(update_fields=["plan"])
        else:
            continue
        PlanChange.objects.create(
            tenant=tenant, from_plan=before, to_plan=full, reason=REASON, effective_on=now.date(),
            actor="migration", applied_at=now,
        )  # fmt: skip
        TenantUsage.objects.get_or_create(tenant=tenant)
    free = Plan.objects.filter(code="free").first()
    if free is not None and not TenantPlan.objects.filter(plan=free).exists():
        PlanChange.objects.filter(from_plan=free).update(from_plan=None)
        free.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing_free", "0003_plan_limits_history_usage"),
        ("tenants", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
