"""Browser: an operator opens the cross-tenant overview, Hà Nội's rollout plan and its adoption page.

Uses the real demo seed (Hà Nội's 2023 story) in a committed tenant that is dropped afterwards, because the
live server cannot see rows inside a test transaction. Screenshots go to test-artifacts/.
"""

import datetime as dt
from collections.abc import Iterator
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from tenants.models import Tenant
from tests.browser.axe import axe_violations
from tests.browser.conftest import enrol_with_the_shown_key
from tests.browser.test_smoke import ARTIFACTS
from tests.conftest import PASSWORD

# django_db: without a DB-marked test in the session pytest-django would not set up the test database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def hanoi(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Tenant]:
    from django.conf import settings

    from tenants.db.schema import activate_public
    from tenants.library.models import PlatformDocument
    from tenants.provisioning.services import tenant_archive, tenant_delete
    from tenants.rollout.overview import tenant_snapshot
    from tenants.routing import host_map

    old_media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("seed_demo", only=["hanoi"], stdout=StringIO())
        tenant = Tenant.objects.get(schema_name="hanoi")
        tenant_snapshot(tenant, dt.date(2023, 11, 1))  # only this tenant: committed rows must not leak
        host_map.invalidate()
        try:
            yield tenant
        finally:
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="hanoi")
            PlatformDocument.objects.all().delete()  # the seed's central documents (public schema, committed)
            settings.MEDIA_ROOT = old_media
            host_map.invalidate()


def _enrol_on_a_phone(context, base: str) -> None:
    """Password, then the forced 2FA set-up as an operator would do it on a 360-px phone."""
    phone = context.new_page()
    phone.set_viewport_size({"width": 360, "height": 780})
    phone.goto(f"{base}/dang-nhap/")
    phone.fill("#id_username", "operator")
    phone.fill("#id_password", PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").last.click()
    phone.wait_for_url(f"{base}/xac-thuc-hai-buoc/cai-dat/**")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.screenshot(path=str(ARTIFACTS / "two-factor-setup-phone.png"), full_page=True)
    enrol_with_the_shown_key(phone)
    assert phone.locator("[data-testid=backup-codes] li").count() == 10
    phone.screenshot(path=str(ARTIFACTS / "two-factor-backup-codes-phone.png"), full_page=True)
    phone.close()


def test_operator_sees_overview_rollout_plan_and_adoption(
    browser,
    live_port,
    hanoi,
    operator_devices_removed,
):
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"http://{settings.PLATFORM_DOMAIN}:{live_port}/console"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    context.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    _enrol_on_a_phone(context, base)
    page = context.new_page()
    page.goto(f"{base}/")

    page.goto(f"{base}/tong-quan/")
    overview = page.locator("main").inner_text()
    assert "Đảng bộ thành phố Hà Nội" in overview and "cập nhật lúc" in overview.lower()
    page.screenshot(path=str(ARTIFACTS / "console-overview.png"), full_page=True)
    assert axe_violations(page) == []

    page.goto(f"{base}/dang-bo/{hanoi.pk}/trien-khai/")
    plan = page.locator("main").inner_text()
    assert "Thí điểm đợt 1 (9 đảng bộ)" in plan and "Đảng bộ quận Ba Đình" in plan
    page.screenshot(path=str(ARTIFACTS / "console-rollout-plan.png"), full_page=True)
    assert axe_violations(page) == []

    page.goto(f"{base}/dang-bo/{hanoi.pk}/so-lieu/?month=2023-11")
    assert page.locator("svg").count() >= 1  # the monthly trend, drawn on the server
    assert "Đảng bộ quận Hoàn Kiếm" in page.locator("main").inner_text()
    page.screenshot(path=str(ARTIFACTS / "console-adoption.png"), full_page=True)
    assert axe_violations(page) == []
    # The same three pages on a 360-px phone: nothing wider than the screen, the same rules hold.
    page.set_viewport_size({"width": 360, "height": 780})
    for name, path in (
        ("overview", "/tong-quan/"),
        ("rollout-plan", f"/dang-bo/{hanoi.pk}/trien-khai/"),
        ("adoption", f"/dang-bo/{hanoi.pk}/so-lieu/?month=2023-11"),
    ):
        page.goto(f"{base}{path}")
        page.screenshot(path=str(ARTIFACTS / f"console-{name}-phone.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        assert axe_violations(page) == [], name
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/quan-tri/tenants/tenant/")  # Django admin under the same policy (nonce for its style)
    assert "Đảng bộ thành phố Hà Nội" in page.locator("body").inner_text()
    page.close()
    context.close()
    assert violations == []  # no inline script or style was blocked on any page above
