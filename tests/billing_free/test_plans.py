"""Plans: every tenant gets one at creation, existing tenants get one from the data migration, operators change
a tenant's plan from the console with a reason and an effective date, the history is kept and audited."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from billing_free.models import Plan, PlanChange, TenantPlan, TenantUsage
from billing_free.plans import PlanMissing, plan_for, tenant_limits
from billing_free.services import plan_change, plan_changes_apply_due
from billing_free.tasks import usage_nightly
from tenants.models import PlatformAuditEvent, Tenant
from tenants.provisioning.services import tenant_request

PAGE = "/console/dang-bo/{}/goi-dich-vu/"


def test_the_two_plans_exist_with_the_limits_of_the_issue(db):
    pilot, full = Plan.objects.get(code="thi-diem"), Plan.objects.get(code="tinh-thanh")
    assert (pilot.name, full.name) == ("Thí điểm", "Tỉnh/Thành")
    assert pilot.is_default and not full.is_default
    for plan in (pilot, full):
        assert plan.max_members and plan.max_storage_mb and plan.max_attachment_mb
        assert plan.api_per_minute and plan.notifications_per_day
    assert pilot.max_live_units == 10 and full.max_live_units == 0  # 0 = unlimited
    assert not Plan.objects.filter(code="free").exists()  # no fallback row


def test_a_new_tenant_gets_the_default_plan_at_creation(db):
    tenant = tenant_request(
        slug="gamma", name="Đảng bộ tỉnh Gamma", admin_email="a@gamma.vn", actor="op", enqueue=False
    )
    assert TenantPlan.objects.get(tenant=tenant).plan.code == "thi-diem"
    first = PlanChange.objects.get(tenant=tenant)
    assert first.from_plan is None and first.to_plan.code == "thi-diem" and first.applied_at is not None
    assert TenantUsage.objects.filter(tenant=tenant, storage_bytes=0).exists()
    assert PlatformAuditEvent.objects.filter(tenant_slug="gamma", action="billing.plan_assigned").exists()
    assert plan_for("gamma").code == "thi-diem"


def test_the_test_tenants_were_created_with_a_plan(alpha, beta):
    assert plan_for(alpha).code == plan_for(beta).code == "thi-diem"


def test_a_tenant_without_a_plan_is_a_fault_not_a_fallback(db):
    tenant = Tenant.objects.create(schema_name="delta", name="Delta")
    with pytest.raises(PlanMissing):
        tenant_limits(tenant)


def test_the_data_migration_gives_existing_tenants_the_full_plan(db):
    migration = import_module("billing_free.migrations.0004_plans_for_every_tenant")
    old = Plan.objects.create(code="free", name="Miễn phí", max_members=0, max_storage_mb=0)
    without = Tenant.objects.create(schema_name="cu", name="Đảng bộ cũ")
    on_free = Tenant.objects.create(schema_name="cu2", name="Đảng bộ cũ 2")
    TenantPlan.objects.create(tenant=on_free, plan=old)
    migration.forwards(apps, None)
    assert TenantPlan.objects.get(tenant=without).plan.code == "tinh-thanh"
    assert TenantPlan.objects.get(tenant=on_free).plan.code == "tinh-thanh"
    assert PlanChange.objects.filter(tenant__in=[without, on_free], actor="migration").count() == 2
    assert not Plan.objects.filter(code="free").exists()
    alpha_plan = TenantPlan.objects.get(tenant__schema_name="alpha").plan.code
    migration.forwards(apps, None)  # safe to repeat; tenants already on a real plan keep it
    assert TenantPlan.objects.get(tenant__schema_name="alpha").plan.code == alpha_plan


def test_plan_change_today_applies_at_once_with_history_and_audit(alpha):
    full = Plan.objects.get(code="tinh-thanh")
    assert plan_for(alpha).code == "thi-diem"  # cached in the process …
    change = plan_change(
        tenant=alpha, plan=full, reason="Triển khai toàn tỉnh", effective_on=timezone.localdate(), actor="op"
    )
    assert change.applied_at is not None and change.from_plan is not None and change.from_plan.code == "thi-diem"
    assert plan_for(alpha).code == "tinh-thanh"  # … and forgotten by the change
    event = PlatformAuditEvent.objects.get(tenant_slug="alpha", action="billing.plan_changed")
    assert event.actor == "op" and event.changes["plan"] == ["thi-diem", "tinh-thanh"]
    assert event.changes["reason"] == "Triển khai toàn tỉnh"
    assert [c.to_plan.code for c in PlanChange.objects.filter(tenant=alpha)] == ["tinh-thanh", "thi-diem"]


def test_plan_change_on_a_later_day_waits_for_the_nightly_task(alpha):
    full = Plan.objects.get(code="tinh-thanh")
    later = timezone.localdate() + dt.timedelta(days=3)
    change = plan_change(tenant=alpha, plan=full, reason="Từ đầu tháng", effective_on=later, actor="op")
    assert change.applied_at is None and plan_for(alpha).code == "thi-diem"
    assert PlatformAuditEvent.objects.filter(tenant_slug="alpha", action="billing.plan_scheduled").exists()
    assert plan_changes_apply_due(today=later - dt.timedelta(days=1)) == 0
    assert plan_changes_apply_due(today=later) == 1
    change.refresh_from_db()
    assert change.applied_at is not None
    assert TenantPlan.objects.get(tenant=alpha).plan == full
    assert plan_changes_apply_due(today=later) == 0  # applied once


def test_the_nightly_task_applies_changes_due_today(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    full = Plan.objects.get(code="tinh-thanh")
    change = PlanChange.objects.create(
        tenant=alpha, to_plan=full, reason="x", effective_on=timezone.localdate(), actor="op"
    )
    usage_nightly()
    change.refresh_from_db()
    assert change.applied_at is not None and TenantPlan.objects.get(tenant=alpha).plan == full


@pytest.mark.parametrize(
    ("reason", "days", "code"),
    [("", 0, "reason_required"), ("   ", 1, "reason_required"), ("Lý do", -1, "effective_in_past")],
)
def test_plan_change_refusals(alpha, reason, days, code):
    full = Plan.objects.get(code="tinh-thanh")
    with pytest.raises(ValidationError) as refused:
        plan_change(
            tenant=alpha, plan=full, reason=reason, effective_on=timezone.localdate() + dt.timedelta(days=days),
            actor="op",
        )  # fmt: skip
    assert refused.value.code == code
    assert TenantPlan.objects.get(tenant=alpha).plan.code == "thi-diem"


def test_same_plan_today_is_refused(alpha):
    with pytest.raises(ValidationError) as refused:
        plan_change(tenant=alpha, plan=plan_for(alpha), reason="x", effective_on=timezone.localdate(), actor="op")
    assert "đang dùng gói" in refused.value.messages[0]


def test_operator_changes_the_plan_from_the_console(alpha, operator_client):
    full = Plan.objects.get(code="tinh-thanh")
    page = operator_client.get(PAGE.format(alpha.pk))
    assert page.status_code == 200 and 'data-testid="plan-change-form"' in page.content.decode()
    response = operator_client.post(
        PAGE.format(alpha.pk) + "doi-goi/",
        {"plan": full.pk, "reason": "Nâng gói", "effective_on": f"{timezone.localdate():%Y-%m-%d}"},
    )
    assert response.status_code == 302
    assert TenantPlan.objects.get(tenant=alpha).plan == full
    history = operator_client.get(PAGE.format(alpha.pk)).content.decode()
    assert "Nâng gói" in history and "operator" in history and "Tỉnh/Thành" in history


def test_console_plan_change_form_errors_lose_nothing(alpha, operator_client):
    full = Plan.objects.get(code="tinh-thanh")
    response = operator_client.post(
        PAGE.format(alpha.pk) + "doi-goi/", {"plan": full.pk, "reason": "", "effective_on": "hôm qua"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng ghi lý do đổi gói." in html and "Ngày không hợp lệ" in html
    past = operator_client.post(
        PAGE.format(alpha.pk) + "doi-goi/", {"plan": full.pk, "reason": "x", "effective_on": "2020-01-01"}
    )
    assert past.status_code == 400 and "không được trước hôm nay" in past.content.decode()
    assert TenantPlan.objects.get(tenant=alpha).plan.code == "thi-diem"


def test_officers_cannot_change_plans(alpha, beta, officer_client):
    full = Plan.objects.get(code="tinh-thanh")
    data = {"plan": full.pk, "reason": "x", "effective_on": f"{timezone.localdate():%Y-%m-%d}"}
    assert officer_client.post(PAGE.format(beta.pk) + "doi-goi/", data).status_code == 404
    assert officer_client.post(PAGE.format(alpha.pk) + "doi-goi/", data).status_code == 404
    own = officer_client.get(PAGE.format(beta.pk))
    assert own.status_code == 200 and "plan-change-form" not in own.content.decode()
    assert TenantPlan.objects.get(tenant=beta).plan.code == "thi-diem"
