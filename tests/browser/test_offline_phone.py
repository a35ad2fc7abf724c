"""Browser, 360×740, service worker on (ADR 0033): a member reads the pages they opened with the network off, writes
an opinion offline that is queued and sent once when the network returns, and the next member signing in on the
same phone sees none of it. Screenshots in test-artifacts/phone-offline-*.png."""

from typing import Any

import pytest

from tests.browser.axe import axe_violations
from tests.browser.phone_world import PHONE, base_url, echo, fits, login, phone_browser, shot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

# the member's own worker (its URL carries the member's key) took over the page
CONTROLLED = "() => (navigator.serviceWorker.controller?.scriptURL || '').endsWith('?u=' + document.body.dataset.user)"
SAVED = "caches.keys().then(keys => keys.filter(k => k.startsWith('sotay-pages-')).length)"


def _opinions(text: str) -> int:
    """Counted from another thread: the live server commits outside this test's transaction."""
    import threading

    from django.db import connection

    from tenants.db.schema import activate_tenant
    from tenants.models import Tenant

    found: list[int] = []

    def count() -> None:
        try:
            activate_tenant(Tenant.objects.get(schema_name="echo"))
            from core.meetings.models import Opinion

            found.append(Opinion.objects.filter(text=text).count())
        finally:
            connection.close()

    worker = threading.Thread(target=count)
    worker.start()
    worker.join()
    return found[0]


def _visit(page: Any, base: str, paths: list[str]) -> None:
    for path in paths:
        page.goto(f"{base}{path}")
        page.wait_for_load_state("load")


def test_offline_reading(phone_browser: Any, live_port: int, echo: dict, django_db_blocker: Any) -> None:  # noqa: F811
    """Pages read offline, an opinion queued offline and sent once, nothing left for the next member."""
    base = base_url(live_port)
    context = phone_browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, base, "dv_x")
    page.wait_for_function(CONTROLLED, timeout=15000)  # the worker took over the page
    past = f"/sinh-hoat/da-hop/{echo['past_id']}/"
    _visit(page, base, ["/", "/sinh-hoat/", "/dang-vien/cua-toi/", "/sinh-hoat/da-hop/", past])
    assert axe_violations(page) == []  # the past meeting, with its vote results and the reading button
    page.wait_for_function(f"async () => (await {SAVED}) === 1")

    context.set_offline(True)
    for path, text in [("/", "Đảng bộ tỉnh Echo"), ("/sinh-hoat/", "Kết nạp đảng viên mới"),
                       ("/dang-vien/cua-toi/", "Đặng Văn Quang"), (past, "sơ kết quý IV")]:  # fmt: skip
        page.goto(f"{base}{path}")
        assert text in page.content(), path
        assert page.locator("[data-offline-note]").is_visible()  # "Đang ngoại tuyến … cập nhật lúc …"
    assert "Thông qua nghị quyết quý IV" in page.content()  # the past vote's result, offline too
    shot(page, "offline-1-past-meeting")
    page.goto(f"{base}/tin-tuc/1/")  # never opened: the offline page, in the app's words
    assert "Đồng chí đang ngoại tuyến" in page.content()

    # An opinion written offline waits on the phone…
    text = "Đề nghị chi bộ tổ chức học tập Nghị quyết 57 vào tối thứ Bảy."
    page.goto(f"{base}/sinh-hoat/")
    page.get_by_label("Ý kiến", exact=True).fill(text)
    page.get_by_role("button", name="Gửi ý kiến").click()
    note = page.locator("[data-queue-note]")
    assert note.is_visible() and "Đang chờ gửi khi có mạng" in note.inner_text() and text[:30] in note.inner_text()
    assert fits(page)
    shot(page, "offline-2-queued")
    with django_db_blocker.unblock():
        assert _opinions(text) == 0
        # …and is sent once when the network returns (the page then shows what the server recorded).
        context.set_offline(False)
        page.locator("[data-testid=my-opinions]", has_text=text[:30]).wait_for(timeout=15000)
        assert not page.locator("[data-queue-note]").is_visible()
        # A second send of the same queued request (a retry on weak 4G) records nothing more.
        page.evaluate(
            """async (text) => {
                const form = document.querySelector("form[data-offline-queue]");
                const fd = new FormData(form); fd.set("text", text); fd.set("idem", "retry-1");
                for (const _ of [1, 2]) {
                    await fetch(form.action, {method: "POST", body: fd, credentials: "same-origin"});
                }
            }""",
            text + " (lần 2)",
        )
        assert _opinions(text) == 1 and _opinions(text + " (lần 2)") == 1
    shot(page, "offline-3-sent")

    # Signing out clears the saved pages; the next member on this phone cannot read them offline.
    page.get_by_role("button", name="Đăng xuất").first.click()
    page.wait_for_function(f"async () => (await {SAVED}) === 0")
    login(page, base, "dv_x2")
    context.set_offline(True)
    page.goto(f"{base}{past}")
    assert "sơ kết quý IV" not in page.content() and "Đồng chí đang ngoại tuyến" in page.content()
    context.set_offline(False)
    context.close()


FAKE_VOICE = """
window.__spoken = [];
const voices = [{lang: "vi-VN", name: "Tiếng Việt"}];
Object.defineProperty(window, "speechSynthesis", {value: {
  speaking: false, getVoices: () => voices, addEventListener: () => {}, cancel() {},
  speak(u) { window.__spoken.push({lang: u.lang, text: u.text}); },
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_simple_mode_bottom_menu_targets_and_reading_aloud(phone_browser: Any, live_port: int, echo: dict) -> None:  # noqa: F811
    base = base_url(live_port)
    context = phone_browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, base, "dv_x3")
    menu = page.locator(".bottomnav a")
    assert menu.count() == 5 and all(menu.nth(i).bounding_box()["height"] >= 48 for i in range(5))
    header = page.locator(".topbar").bounding_box()["height"]
    assert header <= 64  # a compact header: most of the first screen is content
    small = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button, .topbar a, .topbar button')]
              .filter(el => el.offsetParent !== null)
              .filter(el => { const r = el.getBoundingClientRect(); return r.height < 24 || r.width < 24; })
              .map(el => el.textContent.trim())"""
    )
    assert small == []  # WCAG 2.2 target size (minimum)
    assert axe_violations(page) == []
    shot(page, "home")
    page.get_by_role("button", name="Chữ lớn").click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('large-text')")  # remembered
    shot(page, "home-simple-mode")
    wide = page.evaluate(
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ':' + Math.round(e.getBoundingClientRect().right))"
    )
    assert fits(page) and page.locator(".topbar").bounding_box()["height"] <= 64, wide  # larger text, same frame
    shot(page, "home-simple-mode")
    page.goto(f"{base}/sinh-hoat/")
    assert axe_violations(page) == []
    page.wait_for_timeout(500)  # voices load asynchronously
    has_voice = page.evaluate("() => speechSynthesis.getVoices().some(v => /^vi/i.test(v.lang))")
    assert page.locator("[data-read-aloud]").is_visible() == has_voice  # no Vietnamese voice: no button
    context.close()

    context = phone_browser.new_context(viewport=PHONE)
    context.add_init_script(FAKE_VOICE)
    page = context.new_page()
    login(page, base, "dv_x3")
    page.goto(f"{base}/sinh-hoat/")
    page.get_by_role("button", name="Nghe").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0]["lang"] == "vi-VN" and "Kết nạp đảng viên mới" in spoken[0]["text"]
    context.close()
