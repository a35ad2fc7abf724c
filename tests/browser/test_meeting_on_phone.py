"""Browser: a cell secretary runs a monthly meeting on a phone, a member checks in and votes on theirs.

Plans next month's meeting (schedule, agenda, publish), then runs today's: shows the check-in code (digits +
QR), the member checks in with it, the meeting is marked held, a member without a phone is marked present, a
secret ballot is taken (the member on the phone, the other on paper; a probationary member is listed as not
voting; with 2 voters only the verdict is published), minutes and resolution are written, a task assigned, the
district admin approves the minutes and the secretary closes the meeting. Screenshots in
test-artifacts/meeting-*.png.

Data lives in a committed throwaway tenant (the live server cannot see rows inside a test transaction).
"""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.utils import timezone

from tenants.models import Tenant
from tests.browser.test_smoke import ARTIFACTS
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def delta(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict]:
    from core.meetings.models import Meeting
    from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
    from core.members.models import MemberStatus
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.factories.org import MemberFactory, build_tree

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        tenant = tenant_request(
            slug="delta", name="Đảng bộ tỉnh Delta", admin_email="a@delta.vn", actor="test", enqueue=False
        )
        tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
        activate_tenant(tenant)
        tree = build_tree()
        MemberFactory.create(cell=tree.x, status=MemberStatus.PROBATIONARY, full_name="Đỗ Văn Dự")  # does not vote
        secretary = tree.users["sec_x"]
        start = timezone.now() + dt.timedelta(minutes=5)
        today = meeting_schedule(
            cell=tree.x,
            title="Sinh hoạt chi bộ thường kỳ",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="Nhà văn hóa thôn Đông",
            actor=secretary,
        )
        agenda_item_add(meeting=today, title="Kiểm điểm việc thực hiện nhiệm vụ tháng trước", actor=secretary)
        agenda_item_add(meeting=today, title="Kết nạp đảng viên mới", actor=secretary)
        meeting_publish(meeting=today, actor=secretary)
        # It is now meeting time: the meeting started a few minutes ago.
        began = timezone.now() - dt.timedelta(minutes=3)
        Meeting.objects.filter(pk=today.pk).update(starts_at=began, ends_at=began + dt.timedelta(hours=2))
        activate_public()
        host_map.invalidate()
        try:
            yield {"tree": tree, "meeting_id": today.pk}
        finally:
            activate_public()
            tenant_archive(tenant=Tenant.objects.get(pk=tenant.pk), actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=tenant.pk), actor="test", confirm_slug="delta")
            host_map.invalidate()


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url(f"{base}/")


def _fits(page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"meeting-{name}.png"), full_page=True)


def test_secretary_runs_a_meeting_on_a_phone(browser, live_port, delta):
    base = f"http://delta.{settings.PLATFORM_DOMAIN}:{live_port}"
    meeting_url = f"{base}/sinh-hoat/quan-ly/{delta['meeting_id']}/"
    secretary = browser.new_context(viewport=PHONE).new_page()
    member = browser.new_context(viewport=PHONE).new_page()
    _login(secretary, base, "sec_x")
    _login(member, base, "dv_x")

    # 1. Plan next month's meeting: schedule, agenda, publish.
    secretary.get_by_role("link", name="Thêm").click()  # the bottom menu opens the full list of sections
    secretary.get_by_role("link", name="Quản lý sinh hoạt").first.click()
    next_month = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=5)
    form = secretary.locator("form", has=secretary.get_by_role("button", name="Lên lịch"))
    form.get_by_label("Tiêu đề").fill("Sinh hoạt chi bộ tháng sau")
    form.get_by_label("Bắt đầu").fill(f"{next_month:%Y-%m-%d}T19:30")
    form.get_by_label("Kết thúc").fill(f"{next_month:%Y-%m-%d}T21:30")
    form.get_by_label("Địa điểm").fill("Nhà văn hóa thôn Đông")
    _shot(secretary, "1-plan")
    form.get_by_role("button", name="Lên lịch").click()
    secretary.get_by_label("Nội dung", exact=True).fill("Học tập chuyên đề năm 2026")
    secretary.get_by_role("button", name="Thêm nội dung").click()
    # the item is saved in place by fetch: wait for it (and for no form still busy) before publishing, or the
    # agenda's late swap can race the publish under load
    secretary.locator("li", has_text="Học tập chuyên đề năm 2026").first.wait_for()
    secretary.wait_for_selector("form[aria-busy='true']", state="detached")
    secretary.get_by_role("button", name="Thông báo cho đảng viên").click()
    secretary.get_by_text("Đã thông báo cho").first.wait_for()  # saved in place, without a page load
    assert _fits(secretary)
    _shot(secretary, "2-published")

    # 2. Today's meeting: show the code; the member checks in with it.
    secretary.goto(meeting_url)
    secretary.get_by_role("link", name="Hiển thị mã điểm danh").click()
    code = secretary.locator(".checkin-code").inner_text().strip()
    assert len(code) == 6 and code.isdigit()
    assert secretary.locator("svg").count() >= 1  # the QR code
    _shot(secretary, "3-code")
    member.goto(f"{base}/sinh-hoat/")
    member.get_by_label("Mã điểm danh").fill(code)
    member.get_by_role("button", name="Điểm danh").click()
    assert "Đã điểm danh: có mặt" in member.content()

    # 3. The meeting starts; a member without a phone is marked present; a secret ballot: the member votes on the
    # phone, the other present member on paper (ballots are taken only from members present).
    secretary.goto(meeting_url)
    secretary.get_by_role("button", name="Bắt đầu họp").click()
    secretary.get_by_text("Đã đánh dấu").first.wait_for()
    unmarked = secretary.locator("#diem-danh li.att", has_text="Chưa điểm danh").filter(has_not_text="dự bị").first
    name = unmarked.locator("strong").first.inner_text()
    unmarked.get_by_role("button", name="Có mặt").click()
    secretary.locator("li.att", has_text=name).locator("[data-testid=att-status]", has_text="Có mặt").wait_for()
    votes = secretary.locator("#bieu-quyet")
    votes.get_by_label("Nội dung biểu quyết").fill("Đề nghị kết nạp quần chúng Nguyễn Văn Minh")
    votes.get_by_label("Bỏ phiếu kín").check()
    votes.get_by_role("button", name="Mở biểu quyết").click()
    secretary.get_by_role("link", name="Kết thúc biểu quyết…").wait_for()
    member.goto(f"{base}/sinh-hoat/")
    member.get_by_role("button", name="Tán thành", exact=True).click()
    assert "Đồng chí đã bỏ phiếu" in member.content()
    _shot(member, "4-member-voted")
    secretary.reload()  # the list of members without a ballot as it is now (the member just voted on the phone)
    paper = secretary.locator("form", has=secretary.get_by_role("button", name="Ghi nhận phiếu giấy"))
    paper.locator("input[name=members]").first.check()
    paper.locator("input[name=yes]").fill("1")
    paper.get_by_role("button", name="Ghi nhận phiếu giấy").click()
    secretary.get_by_text("Đã đủ 2/3").first.wait_for()  # the page after the POST, also on a loaded machine
    assert "Đã đủ 2/3" in secretary.content() and "Đỗ Văn Dự (dự bị — không biểu quyết)" in secretary.content()
    secretary.set_viewport_size({"width": 360, "height": 800})
    secretary.locator("#bieu-quyet").screenshot(path=str(ARTIFACTS / "meeting-vote-open-360.png"))
    secretary.get_by_role("link", name="Kết thúc biểu quyết…").click()
    secretary.get_by_role("button", name="Kết thúc biểu quyết").click()  # the confirmation page
    result = secretary.locator("#bieu-quyet").inner_text()
    assert "Kết quả: THÔNG QUA" in result and "Dưới 3 đồng chí tham gia" in result  # 2 voters: counts withheld
    assert _fits(secretary)
    secretary.locator("#bieu-quyet").screenshot(path=str(ARTIFACTS / "meeting-vote-closed-360.png"))
    secretary.set_viewport_size(PHONE)

    # 4. Minutes, resolution and a task; then approval by another committee member, and closing.
    secretary.get_by_role("link", name="Sau buổi họp").click()
    secretary.fill("#id_minutes_text", "Chi bộ họp lúc 19 giờ 30, có mặt đủ 2/3 số đảng viên.")
    secretary.get_by_role("button", name="Lưu bản nháp").click()
    secretary.locator("[data-testid=approval-note]").wait_for()
    secretary.fill("#id_resolution_text", "Chi bộ thống nhất đề nghị kết nạp quần chúng Nguyễn Văn Minh.")
    secretary.get_by_role("button", name="Ghi nghị quyết").click()
    secretary.get_by_text("Đã ghi nghị quyết").first.wait_for()
    secretary.fill("#id_task_title", "Hoàn thiện hồ sơ kết nạp")
    secretary.fill("#id_task_due", f"{timezone.localdate() + dt.timedelta(days=14):%Y-%m-%d}")
    secretary.get_by_role("button", name="Giao nhiệm vụ").click()
    secretary.get_by_text("Hoàn thiện hồ sơ kết nạp").first.wait_for()
    assert "không tự duyệt" in secretary.content()  # four eyes: the writer is told who approves
    assert _fits(secretary)
    _shot(secretary, "5-proceedings")

    admin = browser.new_context(viewport=PHONE).new_page()
    _login(admin, base, "admin_d1")
    admin.goto(meeting_url + "?buoc=sau-hop")
    admin.get_by_role("button", name="Duyệt biên bản").click()
    admin.get_by_text("duyệt bởi admin_d1").first.wait_for()

    secretary.goto(meeting_url + "?buoc=sau-hop")
    secretary.get_by_role("link", name="Kết thúc buổi sinh hoạt…").click()
    secretary.get_by_role("button", name="Kết thúc buổi sinh hoạt").click()  # the confirmation page
    assert "Đã kết thúc" in secretary.content()
    _shot(secretary, "6-closed")

    # 5. The member catches up on the closed meeting.
    member.goto(f"{base}/sinh-hoat/da-hop/")
    member.get_by_role("link", name="Sinh hoạt chi bộ thường kỳ").first.click()
    assert "kết nạp quần chúng Nguyễn Văn Minh" in member.content()
    assert _fits(member)
    _shot(member, "7-member-catch-up")
    for page in (secretary, member, admin):
        page.context.close()
