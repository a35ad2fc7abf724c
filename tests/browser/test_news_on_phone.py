"""Browser, 360 px phone: a member sees the news card on the home, opens the news, reads an article with its
cover; the approver works the editorial desk (queues, an article with its timeline, approve) and the publisher
schedules it. Screenshots in test-artifacts/news-*.png.

Data lives in a committed throwaway tenant (the live server cannot see rows inside a test transaction)."""

from collections.abc import Iterator

import pytest
from django.conf import settings

from tenants.models import Tenant
from tests.browser.test_meeting_on_phone import _fits, _login
from tests.browser.test_smoke import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def epsilon(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict]:
    from core.news.services.articles import article_update
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.core.news.conftest import content, draft, news_world
    from tests.core.news.images import png_upload
    from tests.core.news.test_reading import published

    old_media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(
            slug="epsilon", name="Đảng bộ tỉnh Epsilon", admin_email="a@epsilon.vn", actor="test", enqueue=False
        )
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        world = news_world()
        article = published(world, audience=world.tree.x, title="Chi bộ thôn Đông ra quân làm đường giao thông")
        article_update(
            article=draft(world), content=content(title="Đang viết", audience=world.tree.d1),
            actor=world.users["editor_d1"],
        )  # fmt: skip
        cover_article = draft(world, title="Hội nghị sơ kết 6 tháng triển khai sổ tay đảng viên điện tử")
        article_update(
            article=cover_article,
            content=content(title="Hội nghị sơ kết 6 tháng triển khai sổ tay đảng viên điện tử", audience=world.tree.d1,
                            body_html="<p>Sáng nay, Huyện uỷ tổ chức hội nghị.</p><h2>Kết quả</h2><ul><li>92% "
                            "đảng viên cài đặt</li><li>100% chi bộ công bố lịch</li></ul>"),
            actor=world.users["editor_d1"],
            cover=png_upload(1600, 900),
        )  # fmt: skip
        from core.news.services.articles import article_submit

        article_submit(article=cover_article, actor=world.users["editor_d1"])
        activate_public()
        host_map.invalidate()
        try:
            yield {"article": article.pk, "waiting": cover_article.pk}
        finally:
            settings.MEDIA_ROOT = old_media
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="epsilon")
            host_map.invalidate()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"news-{name}.png"), full_page=True)


def test_member_reads_and_the_board_works_on_a_360px_phone(browser, live_port, epsilon):
    base = f"http://epsilon.{settings.PLATFORM_DOMAIN}:{live_port}"
    member = browser.new_context(viewport=PHONE).new_page()
    _login(member, base, "dv_x")
    assert member.locator("[data-testid=news-unread-count]").inner_text() == "1 tin chưa đọc"
    member.locator("[data-testid=news-unread-count]").click()
    item = member.locator("[data-testid=news-item]").first
    assert "Chi bộ thôn Đông ra quân" in item.inner_text() and "Chưa đọc" in item.inner_text()
    assert _fits(member)
    _shot(member, "1-list")
    item.get_by_role("link").click()
    assert "Sáng nay" in member.locator("[data-testid=article]").inner_text()
    assert _fits(member)
    _shot(member, "2-article")
    member.goto(f"{base}/")
    assert member.locator("[data-testid=news-unread-count]").inner_text() == "Không có tin chưa đọc"

    approver = browser.new_context(viewport=PHONE).new_page()
    _login(approver, base, "approver_d1")
    approver.goto(f"{base}/tin-tuc/bien-tap/")
    assert approver.locator("[data-testid=queue-waiting]").first.inner_text() == "1"
    assert approver.locator("[data-testid=queue-drafts]").first.inner_text() == "1"
    assert _fits(approver)
    _shot(approver, "3-desk")
    approver.get_by_role("link", name="Hội nghị sơ kết 6 tháng triển khai sổ tay đảng viên điện tử").click()
    assert approver.locator("[data-testid=article-state]").inner_text() == "Chờ duyệt"
    approver.wait_for_function(
        "() => { const i = document.querySelector('.article__cover img'); return i && i.complete; }"
    )
    assert approver.locator(".article__cover img").evaluate("img => img.naturalWidth") == 1280  # resized server-side
    assert "Gửi duyệt" in approver.locator("[data-testid=timeline]").inner_text()
    assert _fits(approver)
    _shot(approver, "4-editorial-article")
    approver.get_by_role("button", name="Duyệt bài").click()
    assert approver.locator("[data-testid=article-state]").inner_text() == "Đã duyệt, chờ đăng"

    publisher = browser.new_context(viewport=PHONE).new_page()
    _login(publisher, base, "publisher_d1")
    publisher.goto(f"{base}/tin-tuc/bien-tap/{epsilon['waiting']}/")
    publisher.get_by_label("Hẹn giờ đăng (để trống: đăng ngay)").fill("2030-01-01T07:00")
    publisher.get_by_role("button", name="Đăng", exact=True).click()
    assert "một năm" in publisher.locator(".messages").inner_text()  # too far ahead, refused in Vietnamese
    publisher.get_by_role("button", name="Đăng", exact=True).click()
    assert publisher.locator("[data-testid=article-state]").inner_text() == "Đã đăng"
    assert _fits(publisher)
    _shot(publisher, "5-published")
    for page in (member, approver, publisher):
        page.close()
