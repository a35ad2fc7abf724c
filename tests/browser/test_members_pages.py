"""Browser: a cell secretary on a phone opens the member list and a member; screenshots in test-artifacts/.

Data lives in a throwaway tenant created (committed) for this module and dropped afterwards, because the
live server cannot see rows inside a test transaction.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from tenants.models import Tenant
from tests.browser.test_smoke import ARTIFACTS
from tests.conftest import PASSWORD

# django_db: without a DB-marked test in the session pytest-django would not set up the test database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture(scope="module")
def gamma(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict]:
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.factories.org import build_tree

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(
            slug="gamma", name="Đảng bộ tỉnh Gamma", admin_email="a@gamma.vn", actor="test", enqueue=False
        )
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        tree = build_tree()
        from core.members.models import ProfileCorrection

        for member in tree.members["X"]:  # a member's own CCCD correction, pending: masked for the secretary
            change = {"from": member.citizen_id, "to": "079123456789"}
            ProfileCorrection.objects.create(member=member, changes={"citizen_id": change}, requested_by=member.user)
        activate_public()
        host_map.invalidate()
        try:
            yield {"tree": tree}
        finally:
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="gamma")
            host_map.invalidate()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url(f"{base}/")


def test_secretary_member_list_on_a_phone(browser, live_port, gamma):
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"http://gamma.{settings.PLATFORM_DOMAIN}:{live_port}"
    page = browser.new_page(viewport={"width": 360, "height": 800})
    _login(page, base, "sec_x")
    page.get_by_role("link", name="Thêm").click()  # on a phone the sections are behind the bottom menu's "Thêm"
    page.get_by_role("link", name="Đảng viên").click()
    rows = page.locator("[data-testid=members] tbody tr")
    assert rows.count() == 3
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(ARTIFACTS / "secretary-member-list-phone.png"), full_page=True)
    rows.first.get_by_role("link").click()
    assert page.locator("[data-testid=profile]").is_visible()
    assert page.locator("[data-testid=citizen-id]").count() == 0  # secretaries do not see CCCD
    correction = page.locator("[data-testid=correction]").first.inner_text()
    assert "Số CCCD: •••••• → ••••••" in correction and "079123456789" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(ARTIFACTS / "secretary-member-detail-phone.png"), full_page=True)
    page.close()


def test_org_department_tree_browser(browser, live_port, gamma):
    base = f"http://gamma.{settings.PLATFORM_DOMAIN}:{live_port}"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, base, "btc")
    page.goto(f"{base}/to-chuc/")
    children = page.locator("[data-testid=children]").inner_text()
    assert "Đảng bộ huyện Yên Mô" in children and "Đảng bộ huyện Kim Sơn" in children
    page.screenshot(path=str(Path(ARTIFACTS) / "org-tree-desktop.png"), full_page=True)
    page.close()
