"""Browser, 360 px phone: a member opens the home (next meeting, new documents, notifications), searches the
library without diacritics, opens a document, downloads its PDF and bookmarks it; the home's count follows.
Screenshots in test-artifacts/library-*.png.

Data lives in a committed throwaway tenant (the live server cannot see rows inside a test transaction)."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import timezone

from tenants.models import Tenant
from tests.browser.test_meeting_on_phone import _fits, _login
from tests.browser.test_smoke import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def gamma(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict]:
    from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.core.library.conftest import publish
    from tests.factories.notifications import note
    from tests.factories.org import build_tree, user_with

    media = tmp_path_factory.mktemp("media")
    old_media = settings.MEDIA_ROOT
    settings.MEDIA_ROOT = str(media)
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(
            slug="gamma", name="Đảng bộ tỉnh Gamma", admin_email="a@gamma.vn", actor="test", enqueue=False
        )
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        from core.access.models import Role

        tree = build_tree()
        tree.users["pub_root"] = user_with("pub_root", (Role.PUBLISHER, tree.root))
        start = timezone.now() + dt.timedelta(minutes=5)
        meeting = meeting_schedule(cell=tree.x, title="Sinh hoạt chi bộ thường kỳ tháng 12", starts_at=start,
                                   ends_at=start + dt.timedelta(hours=2), place="Nhà văn hóa thôn Đông",
                                   actor=tree.users["sec_x"])  # fmt: skip
        agenda_item_add(meeting=meeting, title="Quán triệt Nghị quyết 57-NQ/TW", actor=tree.users["sec_x"])
        meeting_publish(meeting=meeting, actor=tree.users["sec_x"])
        publish(
            tree,
            "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
            number="57-NQ/TW",
            level="central",
            issuer="Bộ Chính trị",
            attach=True,
            summary="Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu.",
        )
        publish(
            tree,
            "Về tăng cường lãnh đạo công tác chuyển đổi số trên địa bàn tỉnh",
            number="05-CT/TU",
            kind="directive",
            issuer="Tỉnh uỷ Gamma",
            attach=True,
        )
        publish(tree, "Hướng dẫn sinh hoạt chi bộ chuyên đề năm 2026", number="03-HD/HU", kind="guidance",
                unit=tree.root, audience=tree.d1, level="district", issuer="Huyện uỷ Yên Mô")  # fmt: skip
        note(user=tree.users["member_x"], text="Lịch sinh hoạt chi bộ tháng 12", url="/sinh-hoat/")
        activate_public()
        host_map.invalidate()
        try:
            yield {"tree": tree}
        finally:
            settings.MEDIA_ROOT = old_media
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="gamma")
            host_map.invalidate()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"library-{name}.png"), full_page=True)


def test_member_home_search_and_document_on_a_360px_phone(browser, live_port, gamma):
    base = f"http://gamma.{settings.PLATFORM_DOMAIN}:{live_port}"
    page = browser.new_context(viewport=PHONE).new_page()
    _login(page, base, "dv_x")
    cards = page.locator("[data-testid=home-cards]")
    assert "Sinh hoạt chi bộ thường kỳ tháng 12" in cards.inner_text()
    assert page.locator("[data-testid=home-checkin]").is_visible()
    assert page.locator("[data-testid=new-documents]").inner_text() == "3 văn bản mới"
    unread = page.locator("[data-testid=unread-notifications]").inner_text()
    assert unread == "5 thông báo chưa đọc"  # the meeting's invitation, ours, and one per new document (3)
    assert _fits(page)
    _shot(page, "1-home")

    page.locator("[data-testid=new-documents]").click()
    page.get_by_label("Tìm văn bản").fill("nghi quyet 57")
    page.get_by_role("button", name="Tìm").click()
    first = page.locator("[data-testid=document-item]").first
    assert "Nghị quyết 57-NQ/TW" in first.inner_text() and "Chưa đọc" in first.inner_text()
    assert _fits(page)
    _shot(page, "2-search")

    first.get_by_role("link").click()
    assert "Bộ Chính trị" in page.locator("[data-testid=document]").inner_text()
    with page.expect_download() as download:
        page.locator("[data-testid=attachment]").first.click()
    assert download.value.suggested_filename == "Nghị quyết.pdf"
    page.locator("[data-testid=bookmark]").click()
    assert page.locator("[data-testid=bookmark]").inner_text() == "Bỏ lưu"
    assert _fits(page)
    _shot(page, "3-document")

    page.goto(f"{base}/van-ban/da-luu/")
    assert "57-NQ/TW" in page.locator("[data-testid=document-list]").inner_text()
    assert "Đã đọc" in page.locator("[data-testid=document-list]").inner_text()
    page.goto(f"{base}/")
    assert page.locator("[data-testid=new-documents]").inner_text() == "Không có văn bản mới"
    page.close()
