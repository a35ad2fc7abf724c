"""Browser, 360 px phone: a member turns push notifications on (the page's script subscribes through the Push API
and registers the device with the API; the push service is a real HTTP server on localhost, since headless
Chromium has no FCM); the member asks the virtual assistant (an answer, then
an honest "không biết" sent on to the committee) and sends feedback; the secretary answers from the inbox and
the member's device receives the encrypted push of the answer.
Screenshots in test-artifacts/engage-*.png."""

from collections.abc import Iterator

import pytest
from django.conf import settings

from tenants.models import Tenant
from tests.browser.conftest import CHROMIUM, chromium_args
from tests.browser.test_meeting_on_phone import _fits, _login
from tests.browser.test_smoke import ARTIFACTS
from tests.core.notifications.fake_push import Browser, FakePushService

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def zeta(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict]:
    from core.assistant.services import common_sync
    from core.notifications.vapid import vapid_keys
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.factories.org import build_tree

    old = (settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY)
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_keys()
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(
            slug="zeta", name="Đảng bộ tỉnh Zeta", admin_email="a@zeta.vn", actor="test", enqueue=False
        )
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        tree = build_tree()
        common_sync()
        activate_public()
        host_map.invalidate()
        try:
            yield {"tenant": tenant, "member": tree.users["member_x"].pk}
        finally:
            settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = old
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="zeta")
            host_map.invalidate()


@pytest.fixture(scope="module")
def chromium(playwright, live_port):
    """Chromium treating the test host as a secure origin, so the page may register the service worker."""
    domain = settings.PLATFORM_DOMAIN
    origin = f"--unsafely-treat-insecure-origin-as-secure=http://zeta.{domain}:{live_port}"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=chromium_args(origin))
    yield browser
    browser.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"engage-{name}.png"), full_page=True)


STUB = """
PushManager.prototype.subscribe = async function (options) {
  window.__vapidKeyLength = options.applicationServerKey.length;
  return { toJSON() { return { endpoint: %r, keys: { p256dh: %r, auth: %r } }; } };
};
"""


def test_push_assistant_and_feedback_on_a_360px_phone(chromium, live_port, zeta):
    import json

    from core.notifications.models import PushSubscription
    from tenants.db.schema import activate_public, activate_tenant

    base = f"http://zeta.{settings.PLATFORM_DOMAIN}:{live_port}"
    device = Browser()
    with FakePushService() as service:
        context = chromium.new_context(viewport=PHONE)
        context.grant_permissions(["notifications"], origin=base)
        context.add_init_script(STUB % (service.url("/ok/phone"), device.p256dh, device.auth))
        page = context.new_page()
        _login(page, base, "dv_x")
        page.goto(f"{base}/thong-bao/cai-dat/")
        assert _fits(page)
        page.get_by_role("button", name="Bật thông báo trên thiết bị này").click()
        page.wait_for_selector("#push-status:has-text('Đã bật')", timeout=15000)
        assert page.evaluate("window.__vapidKeyLength") == 65  # the uncompressed P-256 key from the page
        # the page reloads itself 800 ms later to list the device: wait for that reload before navigating away
        page.wait_for_function("() => performance.getEntriesByType('navigation')[0].type === 'reload'", timeout=15000)
        page.wait_for_load_state("load")
        _shot(page, "settings")
        activate_tenant(zeta["tenant"])
        try:  # read only: the live server commits, this test's own transaction must not lock its rows
            assert PushSubscription.objects.get(user_id=zeta["member"]).endpoint == service.url("/ok/phone")
        finally:
            activate_public()

        page.goto(f"{base}/tro-ly/")
        page.fill("#id_q", "quen mat khau dang nhap")
        page.get_by_role("button", name="Hỏi", exact=True).click()
        assert "Quên mật khẩu" in page.locator("[data-testid=answer]").inner_text()
        assert _fits(page)
        _shot(page, "assistant-answer")
        page.fill("#id_q", "Khi nào chi bộ đi tham quan Đền Hùng?")
        page.get_by_role("button", name="Hỏi", exact=True).click()
        assert page.locator("[data-testid=dont-know]").is_visible()
        _shot(page, "assistant-dont-know")
        page.locator("[data-testid=forward]").click()
        page.wait_for_url(f"{base}/y-kien/*/")
        assert _fits(page)
        _shot(page, "feedback-forwarded")

        page.goto(f"{base}/y-kien/gui/")
        page.fill("#id_subject", "Đề nghị sửa đèn đường ngõ 3")
        page.fill("#id_body", "Đèn đường ngõ 3 hỏng đã hai tuần.")
        page.check("#id_hide_name_from_cell")
        assert _fits(page)
        _shot(page, "feedback-new")
        page.get_by_role("button", name="Gửi", exact=True).click()
        page.wait_for_url(f"{base}/y-kien/*/")
        context.close()

        secretary = chromium.new_context(viewport=PHONE).new_page()
        _login(secretary, base, "sec_x")
        secretary.goto(f"{base}/y-kien/hop-thu/")
        inbox = secretary.locator("[data-testid=inbox]").inner_text()
        assert "Đề nghị sửa đèn đường ngõ 3" in inbox and "Đảng viên (ẩn danh)" in inbox
        assert _fits(secretary)
        _shot(secretary, "feedback-inbox")
        thread = secretary.get_by_role("link", name="Đề nghị sửa đèn đường ngõ 3").get_attribute("href")
        secretary.goto(f"{base}{thread}")  # opened by its address: a tap here was flaky under load
        secretary.fill("#id_body", "Chi bộ đã báo xã, tuần sau sửa.")
        secretary.get_by_role("button", name="Gửi trả lời").click()
        assert secretary.locator("[data-testid=status]").inner_text() == "Đã trả lời"
        _shot(secretary, "feedback-answered")
        # the member's phone was told of the answer: pushed after the reply's commit, encrypted for the device
        pushed = [r for r in service.received if r.path == "/ok/phone"]
        assert pushed and all(r.headers["content-encoding"] == "aes128gcm" for r in pushed)
        bodies = [json.loads(device.decrypt(r.body))["body"] for r in pushed]
        assert any("đã trả lời: Đề nghị sửa đèn đường ngõ 3" in b for b in bodies), bodies
