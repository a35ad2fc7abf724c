"""Soft limits: at 80% and at 100% the tenant's admins get one in-app notification per threshold, and the
console flags the tenant."""

from django.contrib.auth.models import User

from billing_free.alerts import alerts_check
from billing_free.models import TenantUsage, UsageAlert
from billing_free.resources import MB
from core.notifications.models import Notification
from tests.billing_free.conftest import small_plan
from tests.helpers import in_tenant


def _notes() -> list[str]:
    return list(Notification.objects.filter(notice__url="/goi-dich-vu/").values_list("notice__text", flat=True))


def test_each_threshold_is_notified_once(alpha):
    small_plan(alpha, max_storage_mb=10)
    usage = TenantUsage.objects.filter(tenant=alpha)
    usage.update(storage_bytes=7 * MB)
    assert alerts_check(alpha) == []
    usage.update(storage_bytes=8 * MB)
    first = alerts_check(alpha)
    assert [(a.resource, a.threshold) for a in first] == [("storage", 80)]
    with in_tenant(alpha):
        admin = User.objects.get(email="admin@alpha.vn")
        notes = Notification.objects.filter(user=admin, notice__url="/goi-dich-vu/")
        assert notes.count() == 1 and "80% hạn mức “Dung lượng lưu trữ”" in notes.get().notice.text
    assert alerts_check(alpha) == []  # the same threshold again: nothing
    usage.update(storage_bytes=10 * MB)
    second = alerts_check(alpha)
    assert [(a.resource, a.threshold) for a in second] == [("storage", 100)]
    with in_tenant(alpha):
        texts = _notes()
    assert len(texts) == 2 and any("dùng hết hạn mức" in t for t in texts)
    assert alerts_check(alpha) == []
    with in_tenant(alpha):
        assert len(_notes()) == 2


def test_jumping_past_both_thresholds_sends_one_notification(alpha):
    small_plan(alpha, max_storage_mb=1)
    TenantUsage.objects.filter(tenant=alpha).update(storage_bytes=2 * MB)
    raised = alerts_check(alpha)
    assert sorted(a.threshold for a in raised) == [80, 100]
    with in_tenant(alpha):
        assert len(_notes()) == 1
    assert UsageAlert.objects.get(tenant=alpha, threshold=100).notified == 1


def test_only_admins_of_the_tenant_are_told(alpha, beta):
    small_plan(alpha, max_storage_mb=1)
    TenantUsage.objects.filter(tenant=alpha).update(storage_bytes=MB)
    alerts_check(alpha)
    with in_tenant(beta):
        assert _notes() == []
    with in_tenant(alpha):
        member = User.objects.get(username="member_alpha")
        assert not Notification.objects.filter(user=member).exists()


def test_the_console_flags_the_tenant(alpha, operator_client):
    small_plan(alpha, max_storage_mb=1)
    TenantUsage.objects.filter(tenant=alpha).update(storage_bytes=MB - 1)
    page = operator_client.get(f"/console/dang-bo/{alpha.pk}/goi-dich-vu/").content.decode()
    assert "usage--warn" in page and "Sắp hết" in page
    from billing_free.metering import usage_snapshot

    TenantUsage.objects.filter(tenant=alpha).update(storage_bytes=MB)
    usage_snapshot(alpha)
    overview = operator_client.get("/console/goi-dich-vu/").content.decode()
    assert 'data-testid="usage-row-alpha" class="usage--full"' in overview
    assert "Hết hạn mức" in overview


def test_the_alert_that_notifications_are_used_up_still_reaches_the_admins(alpha):
    from billing_free.limits import usage_record

    small_plan(alpha, notifications_per_day=10)
    usage_record(alpha, "notifications", 10)  # the day's notifications are used up
    raised = alerts_check(alpha)
    assert ("notifications", 100) in [(a.resource, a.threshold) for a in raised]
    with in_tenant(alpha):
        assert any("Thông báo mỗi ngày" in t for t in _notes())
