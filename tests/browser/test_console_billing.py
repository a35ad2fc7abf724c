"""Browser: an operator opens the plans overview, a tenant's plan page and its monthly statement, on a 360-px
phone and on a desktop. Usage rows are committed from another thread (the live server cannot see rows inside
the test's transaction) and removed afterwards. Screenshots go to test-artifacts/."""

import datetime as dt
import threading
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from billing_free.models import DailyUsage, TenantUsage
from tenants.models import Tenant
from tests.browser.conftest import enrol_with_the_shown_key
from tests.browser.test_smoke import ARTIFACTS
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _committed(work: Callable[[], None], django_db_blocker: pytest.FixtureRequest) -> None:
    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        worker = threading.Thread(target=run)
        worker.start()
        worker.join()


@pytest.fixture
def metered(django_db_blocker: pytest.FixtureRequest) -> Iterator[Tenant]:
    """Forty days of alpha's usage, committed; storage near the pilot plan's limit so a flag shows."""
    today = timezone.localdate()

    def create() -> None:
        tenant = Tenant.objects.get(schema_name="alpha")
        DailyUsage.objects.bulk_create(
            DailyUsage(
                tenant=tenant, day=today - dt.timedelta(days=n), members=90_000 - 150 * n,
                active_members=61_000 - 90 * n, live_units=8, storage_bytes=(17_500 - 20 * n) * 1024 * 1024,
                api_requests=40_000 + 37 * n, notifications_sent=12_000 + (n % 7) * 3000,
            )
            for n in range(40)
        )  # fmt: skip
        TenantUsage.objects.filter(tenant=tenant).update(storage_bytes=17_500 * 1024 * 1024)

    def remove() -> None:
        DailyUsage.objects.filter(tenant__schema_name="alpha").delete()
        TenantUsage.objects.filter(tenant__schema_name="alpha").update(storage_bytes=0)

    _committed(create, django_db_blocker)
    try:
        yield Tenant.objects.get(schema_name="alpha")
    finally:
        _committed(remove, django_db_blocker)


def _login(page, base: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url(f"{base}/xac-thuc-hai-buoc/cai-dat/**")
    enrol_with_the_shown_key(page)


def _fits(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_operator_sees_usage_plan_and_statement(browser, live_port, metered, operator_devices_removed):
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"http://{settings.PLATFORM_DOMAIN}:{live_port}/console"
    month = timezone.localdate().strftime("%Y-%m")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    context.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page = context.new_page()
    _login(page, base)

    page.goto(f"{base}/goi-dich-vu/")
    row = page.locator("[data-testid=usage-row-alpha]")
    assert "Thí điểm" in row.inner_text() and "≥ 80%" in row.inner_text()
    assert row.locator("svg polyline").count() == 1  # the 30-day trend
    page.screenshot(path=str(ARTIFACTS / "console-billing-overview.png"), full_page=True)

    page.goto(f"{base}/dang-bo/{metered.pk}/goi-dich-vu/")
    assert "Đang dùng gói “Thí điểm”" in page.locator("[data-testid=current-plan]").inner_text()
    assert page.locator("[data-testid=usage-lines] tr.usage--warn").count() >= 1
    assert page.locator("[data-testid=usage-months] tbody tr").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "console-billing-tenant.png"), full_page=True)

    page.goto(f"{base}/dang-bo/{metered.pk}/goi-dich-vu/sao-ke/?month={month}")
    assert "0 đồng" in page.locator("[data-testid=statement-amount]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "console-billing-statement.png"), full_page=True)

    phone = context.new_page()
    phone.set_viewport_size({"width": 360, "height": 780})
    for name, path in (
        ("overview", "/goi-dich-vu/"),
        ("tenant", f"/dang-bo/{metered.pk}/goi-dich-vu/"),
        ("statement", f"/dang-bo/{metered.pk}/goi-dich-vu/sao-ke/?month={month}"),
    ):
        phone.goto(base + path)
        phone.screenshot(path=str(ARTIFACTS / f"console-billing-{name}-phone.png"), full_page=True)
        assert _fits(phone), f"{name} scrolls sideways at 360 px"
    phone.goto(f"{base}/dang-bo/{metered.pk}/goi-dich-vu/sao-ke/in/?month={month}")
    assert "Sao kê sử dụng" in (phone.locator("h1").text_content() or "")
    phone.screenshot(path=str(ARTIFACTS / "console-billing-print-phone.png"), full_page=True)
    assert violations == []
    context.close()
