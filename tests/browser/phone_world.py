"""A committed throwaway tenant for the phone tests: cell X with 7 members (5 with logins), a meeting that started
a few minutes ago (published, 2 agenda items) and a closed meeting of last month with approved minutes and a vote.
The browser fixture trusts the tenant's http origin as secure so Chromium runs the service worker."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from tenants.models import Tenant
from tests.browser.conftest import CHROMIUM, chromium_args
from tests.conftest import PASSWORD

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
SLUG = "echo"
NAMES = ["Nguyễn Văn Bình", "Trần Thị Hoa", "Lê Văn Hùng", "Phạm Thị Lan", "Hoàng Văn Minh", "Vũ Thị Ngọc"]


def base_url(port: int) -> str:
    return f"http://{SLUG}.{settings.PLATFORM_DOMAIN}:{port}"


@pytest.fixture(scope="module")
def phone_browser(playwright: Any, live_port: int) -> Iterator[Any]:
    """Chromium treating the tenant's http origin as secure: service workers need it."""
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=chromium_args(f"--unsafely-treat-insecure-origin-as-secure={base_url(live_port)}"),
    )
    yield chromium
    chromium.close()


def _past_meeting(tree: Any) -> int:
    from core.meetings.models import AgendaItem, Meeting, MeetingStatus, Minutes, MinutesStatus, Resolution, Vote

    began = timezone.now() - dt.timedelta(days=30)
    past = Meeting.objects.create(
        cell=tree.x, title="Sinh hoạt chi bộ tháng trước", starts_at=began, ends_at=began + dt.timedelta(hours=2),
        place="Nhà văn hóa thôn Đông", status=MeetingStatus.CLOSED, created_by=tree.users["sec_x"],
    )  # fmt: skip
    AgendaItem.objects.create(meeting=past, order=1, title="Sơ kết công tác quý IV")
    Minutes.objects.create(
        meeting=past, text="Chi bộ họp đủ 2/3, thống nhất nội dung sơ kết quý IV.", status=MinutesStatus.APPROVED,
        written_by=tree.users["sec_x"], approved_by=tree.users["admin_d1"], approved_at=timezone.now(),
    )  # fmt: skip
    Resolution.objects.create(meeting=past, text="Chi bộ quyết tâm hoàn thành nhiệm vụ năm.", adopted_at=began)
    Vote.objects.create(
        meeting=past, question="Thông qua nghị quyết quý IV", status="closed", eligible=6, participants=5,
        yes=5, no=0, abstain=0, quorum_met=True, passed=True, closed_at=began, opened_at=began, voters=[],
    )  # fmt: skip
    return past.pk


@pytest.fixture(scope="module")
def echo(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict]:
    from django.contrib.auth.models import User

    from core.meetings.models import Meeting
    from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
    from core.members.models import Member
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_archive, tenant_delete, tenant_provision, tenant_request
    from tenants.routing import host_map
    from tests.factories.org import MemberFactory, build_tree

    def drop() -> None:
        activate_public()
        for left in Tenant.objects.filter(schema_name=SLUG):  # also one left by an interrupted run
            if left.status != "archived":
                tenant_archive(tenant=left, actor="test")
            tenant_delete(tenant=Tenant.objects.get(pk=left.pk), actor="test", confirm_slug=SLUG)
        host_map.invalidate()

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        drop()
        try:
            tenant = tenant_request(slug=SLUG, name="Đảng bộ tỉnh Echo", admin_email="a@echo.vn", actor="test",
                                    enqueue=False)  # fmt: skip
            tenant = tenant_provision(tenant_id=tenant.pk, actor="test")
            activate_tenant(tenant)
            tree = build_tree()
            Member.objects.filter(pk=tree.members["X"][0].pk).update(full_name="Đặng Văn Quang")
            for name in NAMES[:4]:
                MemberFactory.create(cell=tree.x, full_name=name)
            voters = {"dv_x": "Đặng Văn Quang"}
            for i, member in enumerate(Member.objects.filter(cell=tree.x, user__isnull=True).order_by("pk")[:4], 2):
                Member.objects.filter(pk=member.pk).update(user=User.objects.create_user(f"dv_x{i}", password=PASSWORD))
                voters[f"dv_x{i}"] = member.full_name
            others = list(Member.objects.filter(cell=tree.x, user__isnull=True).values_list("full_name", flat=True))
            secretary = tree.users["sec_x"]
            start = timezone.now() + dt.timedelta(minutes=5)
            today = meeting_schedule(cell=tree.x, title="Sinh hoạt chi bộ thường kỳ tháng 12", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=2), place="Nhà văn hóa thôn Đông",
                                     actor=secretary)  # fmt: skip
            agenda_item_add(meeting=today, title="Kiểm điểm việc thực hiện nhiệm vụ tháng trước", actor=secretary)
            agenda_item_add(meeting=today, title="Kết nạp đảng viên mới", actor=secretary)
            meeting_publish(meeting=today, actor=secretary)
            began = timezone.now() - dt.timedelta(minutes=3)
            Meeting.objects.filter(pk=today.pk).update(starts_at=began, ends_at=began + dt.timedelta(hours=2))
            past_id = _past_meeting(tree)
            later = timezone.now() - dt.timedelta(minutes=1)
            thematic = Meeting.objects.create(
                cell=tree.x, title="Sinh hoạt chuyên đề", starts_at=later, ends_at=later + dt.timedelta(hours=1),
                status="published", published_at=later, created_by=secretary,
            )  # fmt: skip
            activate_public()
            host_map.invalidate()
            yield {"tree": tree, "meeting_id": today.pk, "past_id": past_id, "thematic_id": thematic.pk,
                   "voters": voters, "others": others}  # fmt: skip
        finally:
            drop()


def login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_url(f"{base}/")


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)


def fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))
