"""Browser, 360 px phone: a member sees the open campaign on the home, opens it, starts the quiz, answers by tapping
(each answer saved by fetch, "Đã lưu" shown), reloads as after a dropped connection (answers and order kept, the
countdown still running from the server's deadline) and submits. Screenshots in test-artifacts/study-*.png.

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
def hoctap(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict]:
    from core.library.models import Document, DocumentState
    from core.study.services import MaterialSpec, campaign_create
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.core.study.conftest import make_bank, make_quiz
    from tests.factories.org import build_tree

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(slug="hoctap", name="Đảng bộ tỉnh Học Tập", admin_email="a@hoctap.vn", actor="test",
                                enqueue=False)  # fmt: skip
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        tree = build_tree()
        now = timezone.now()
        document = Document.objects.create(
            level="central", kind="resolution", number="57-NQ/TW", state=DocumentState.PUBLISHED, published_at=now,
            title="Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
        )  # fmt: skip
        quiz = make_quiz(make_bank(tree.root, n=8), tree.root, question_count=6, time_limit_seconds=1800,
                         title="Kiểm tra nhận thức Nghị quyết 57-NQ/TW")  # fmt: skip
        campaign = campaign_create(
            actor=tree.users["admin_d1"], unit=tree.d1, audience_unit=tree.d1,
            title="Học tập, quán triệt Nghị quyết 57-NQ/TW của Bộ Chính trị", opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=14), materials=[MaterialSpec(document_id=document.pk)], quiz=quiz,
            require_quiz=True,
        )  # fmt: skip
        activate_public()
        host_map.invalidate()
        try:
            yield {"campaign": campaign.pk, "quiz": quiz.pk}
        finally:
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="hoctap")
            host_map.invalidate()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"study-{name}.png"), full_page=True)


def test_member_takes_a_quiz_on_a_360px_phone(browser, live_port, hoctap):
    base = f"http://hoctap.{settings.PLATFORM_DOMAIN}:{live_port}"
    page = browser.new_context(viewport=PHONE).new_page()
    _login(page, base, "dv_x")
    card = page.locator("[data-testid=card-study]")
    assert "Nghị quyết 57-NQ/TW" in card.inner_text() and "Đã đọc 0/1 tài liệu" in card.inner_text()
    _shot(page, "1-home")

    card.get_by_role("link", name="Học tập, quán triệt").click()
    assert _fits(page)
    _shot(page, "2-campaign")
    page.get_by_role("link", name="Kiểm tra nhận thức").click()
    page.locator("[data-testid=quiz-start]").click()
    page.wait_for_url(f"{base}/hoc-tap/luot/**")
    timer = page.locator("[data-testid=quiz-timer]").inner_text()
    assert "29:5" in timer or "30:00" in timer
    questions = page.locator("fieldset[data-question]")
    assert questions.count() == 6
    order = [questions.nth(i).get_attribute("data-question") for i in range(6)]
    for i in range(3):
        questions.nth(i).locator("label.quiz-option").first.click()
        questions.nth(i).locator("[data-state][data-saved]").wait_for()
        assert questions.nth(i).locator("[data-state]").inner_text() == "Đã lưu"
    assert _fits(page)
    _shot(page, "3-answering")

    page.reload()  # a dropped connection: the same attempt, order and answers
    questions = page.locator("fieldset[data-question]")
    assert [questions.nth(i).get_attribute("data-question") for i in range(6)] == order
    assert all(questions.nth(i).locator("input:checked").count() == 1 for i in range(3))
    assert questions.nth(3).locator("input:checked").count() == 0
    _shot(page, "4-resumed")

    page.locator("[data-testid=quiz-submit]").click()
    result = page.locator("[data-testid=quiz-result]").inner_text()
    assert result.startswith("Kết quả: ") and "/6 câu đúng" in result
    assert _fits(page)
    _shot(page, "5-result")
    page.close()
