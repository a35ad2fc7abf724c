"""Browser smoke test: Debian's Chromium through Playwright against the live server.

Screenshots are written to test-artifacts/ (phone-sized and desktop). Hosts `*.sotay.test` resolve to
the live server through Chromium's host-resolver rules; nothing leaves the machine.
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.conftest import enrol_with_the_shown_key
from tests.conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# django_db: without a DB-marked test in the session pytest-django would not set up the test database.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def _url(port: int, host: str, path: str = "/") -> str:
    return f"http://{host}:{port}{path}"


def test_tenant_home_on_a_phone(browser, live_port):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page.goto(_url(live_port, f"alpha.{settings.PLATFORM_DOMAIN}"))
    assert page.locator("[data-testid=tenant-name]").inner_text() == "Đảng bộ tỉnh Alpha"
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # no sideways scroll
    page.get_by_role("button", name="Chữ lớn").click()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")
    page.screenshot(path=str(ARTIFACTS / "tenant-home-phone.png"), full_page=True)
    page.goto(_url(live_port, f"beta.{settings.PLATFORM_DOMAIN}"))
    assert page.locator("[data-testid=tenant-name]").inner_text() == "Đảng bộ thành phố Beta"
    page.close()


def test_console_lists_tenants(browser, live_port, operator_devices_removed):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(_url(live_port, settings.PLATFORM_DOMAIN, "/console/"))
    page.fill("#id_username", "operator")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/console/xac-thuc-hai-buoc/cai-dat/**")  # console users must set up 2FA first
    enrol_with_the_shown_key(page)
    page.get_by_role("link", name="Tiếp tục").click()
    page.wait_for_url(_url(live_port, settings.PLATFORM_DOMAIN, "/console/"))
    text = page.locator("table").inner_text()
    assert "Đảng bộ tỉnh Alpha" in text and "Đảng bộ thành phố Beta" in text and "Đang hoạt động" in text
    page.screenshot(path=str(ARTIFACTS / "console-home.png"), full_page=True)
    page.close()
