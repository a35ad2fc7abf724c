"""Browser: the organisation department's day on a desktop (add a member, record a status change, a report, the
audit log, ratings waiting for approval, adoption figures), and the member-facing pages changed by issue 13 on a
360-px phone (my profile with ratings and history, my self-assessment). Screenshots in test-artifacts/.

A throwaway tenant is created (committed) for this module and dropped afterwards: the live server cannot see
rows inside a test transaction.
"""

from collections.abc import Iterator

import pytest
from django.conf import settings

from tenants.models import Tenant
from tests.browser.test_smoke import ARTIFACTS
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
SLUG = "delta"


@pytest.fixture(scope="module")
def delta(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict]:
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(
            slug=SLUG, name="Đảng bộ tỉnh Delta", admin_email="a@delta.vn", actor="test", enqueue=False
        )
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        _fill()
        activate_public()
        host_map.invalidate()
        try:
            yield {}
        finally:
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug=SLUG)
            host_map.invalidate()


def _fill() -> None:
    """The factory tree with profiles, one year of ratings open, tallies; a few audited actions."""
    from core.demo.profiles import profile_facts
    from core.members.models import Member
    from core.ratings.services import rating_policy_set, rating_propose, rating_self_assess
    from core.reports.refresh import tally_refresh
    from tests.factories.org import MemberFactory, build_tree

    tree = build_tree()
    for cell in (tree.x, tree.y, tree.z):
        MemberFactory.create_batch(8, cell=cell)
    for m in Member.objects.all():
        Member.objects.filter(pk=m.pk).update(**profile_facts(m.full_name, m.date_of_birth, "huyện Yên Mô"))
    rating_policy_set(cap_pct=20, open_year=2026, actor=tree.users["btc"])
    owner = tree.members["X"][0]
    rating_self_assess(
        member=owner, level="good", note="Hoàn thành tốt các nhiệm vụ được giao.", actor=tree.users["member_x"]
    )
    ids = list(Member.objects.filter(cell=tree.x).values_list("pk", flat=True))
    rating_propose(cell=tree.x, levels=dict.fromkeys(ids, "good"), notes={}, actor=tree.users["sec_x"])
    tally_refresh()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url(f"{base}/")


def _base(port: int) -> str:
    return f"http://{SLUG}.{settings.PLATFORM_DOMAIN}:{port}"


def test_organisation_department_on_a_desktop(browser, live_port, delta):
    ARTIFACTS.mkdir(exist_ok=True)
    base = _base(live_port)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    _login(page, base, "btc")

    page.get_by_role("link", name="Đảng viên").first.click()
    page.get_by_role("link", name="Thêm đảng viên").click()
    for field, value in {
        "party_card_number": "93999001", "full_name": "Lò Thị Xuân", "date_of_birth": "12/03/1988",
        "admitted_on": "19/05/2015", "official_on": "19/05/2016", "hometown": "Xã Yên Phong",
        "occupation": "Giáo viên", "cell": "X",
    }.items():  # fmt: skip
        page.fill(f"[name={field}]", value)
    page.select_option("[name=sex]", "female")
    page.select_option("[name=ethnicity]", "03")
    page.select_option("[name=theory]", "elementary")
    page.screenshot(path=str(ARTIFACTS / "btc-member-add-desktop.png"), full_page=True)
    page.get_by_role("button", name="Thêm đảng viên").click()
    assert "Đã thêm đồng chí Lò Thị Xuân" in page.inner_text("main")
    assert page.locator("[data-testid=ethnicity]").inner_text() == "Thái"

    page.get_by_role("link", name="Trạng thái").click()
    page.select_option("[name=event]", "working_away")
    page.fill("[name=on]", "01/11/2026")
    page.fill("[name=place]", "Tỉnh Bình Dương")
    page.get_by_role("button", name="Ghi", exact=True).click()
    assert "Đi làm ăn xa" in page.locator("[data-testid=current-status]").inner_text()
    assert "Tỉnh Bình Dương" in page.locator("[data-testid=status-history]").inner_text()
    page.screenshot(path=str(ARTIFACTS / "btc-member-status-desktop.png"), full_page=True)

    page.goto(f"{base}/bao-cao/thanh-phan/?unit=ROOT")
    report = page.locator("[data-testid=report]").inner_text()
    assert "Dân tộc" in report and "Độ tuổi" in report and "Lý luận chính trị" in report
    page.screenshot(path=str(ARTIFACTS / "btc-report-composition-desktop.png"), full_page=True)

    page.goto(f"{base}/xep-loai/duyet/")
    assert "Chi bộ thôn Đông" in page.locator("[data-testid=approvals]").inner_text()
    page.get_by_role("link", name="Chi bộ thôn Đông").click()
    assert page.locator("[data-testid=approve]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "btc-rating-cell-desktop.png"), full_page=True)

    page.goto(f"{base}/nhat-ky/")
    entries = page.locator("[data-testid=audit]").inner_text()
    assert "Cán bộ Ban tổ chức btc ghi “đi làm ăn xa” (Tỉnh Bình Dương) cho đồng chí Lò Thị Xuân" in entries
    assert "đề xuất mức xếp loại chất lượng năm 2026" in entries
    page.screenshot(path=str(ARTIFACTS / "btc-audit-log-desktop.png"), full_page=True)

    page.goto(f"{base}/so-lieu/?unit=D1")
    assert page.locator("[data-testid=adoption-table]").is_visible()
    page.screenshot(path=str(ARTIFACTS / "btc-adoption-desktop.png"), full_page=True)
    page.close()


def test_member_pages_on_a_phone(browser, live_port, delta):
    base = _base(live_port)
    page = browser.new_page(viewport={"width": 360, "height": 800})
    _login(page, base, "dv_x")
    page.goto(f"{base}/dang-vien/cua-toi/")
    assert page.locator("[data-testid=profile]").is_visible() and page.locator("[data-testid=my-results]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(ARTIFACTS / "member-profile-phone.png"), full_page=True)
    page.goto(f"{base}/xep-loai/")
    assert page.locator("[data-testid=my-rating]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(ARTIFACTS / "member-rating-phone.png"), full_page=True)
    page.close()
