"""Console scope: operators see every tenant; an officer of alpha sees only alpha (beta's pages and ids → 404);
lifecycle actions and invitations are operators-only; the invitation link sets the officer's password."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tenants.models import PlatformAuditEvent, Tenant, TenantStatus
from tenants.rollout.models import ConsoleOfficer, RolloutUnit, RolloutWave, UnitState
from tests.conftest import PASSWORD
from tests.helpers import console_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(alpha, platform_client) -> Client:
    user = User.objects.create_user("can_bo_alpha", password=PASSWORD, is_staff=True)
    ConsoleOfficer.objects.create(user=user, tenant=alpha, invited_by="operator")
    console_login(platform_client, "can_bo_alpha", PASSWORD)
    return platform_client


@pytest.fixture
def rollout_rows(alpha, beta) -> dict[str, tuple[RolloutUnit, RolloutWave]]:
    rows = {}
    for tenant in (alpha, beta):
        wave = RolloutWave.objects.create(
            tenant=tenant, name=f"Đợt {tenant.schema_name}", planned_start="2026-05-01", planned_end="2026-06-01"
        )
        unit = RolloutUnit.objects.create(
            tenant=tenant, unit_code="D1", unit_name=f"Huyện {tenant.schema_name}", wave=wave
        )
        rows[tenant.schema_name] = (unit, wave)
    return rows


def test_officer_home_lists_only_their_tenant(officer_client):
    body = officer_client.get("/console/").content.decode()
    assert "Đảng bộ tỉnh Alpha" in body and "Đảng bộ thành phố Beta" not in body
    assert "Thêm đảng bộ" not in body


def test_officer_gets_404_for_everything_of_beta(officer_client, alpha, beta, rollout_rows):
    b_unit, b_wave = rollout_rows["beta"]
    base = f"/console/dang-bo/{beta.pk}/"
    for url in (base, base + "tien-do.json", base + "trien-khai/", f"{base}trien-khai/don-vi/{b_unit.pk}/lich-su/"):
        assert officer_client.get(url).status_code == 404, url
    posts = {
        base + "trien-khai/dong-bo/": {},
        f"{base}trien-khai/don-vi/{b_unit.pk}/chuyen/": {
            f"u{b_unit.pk}-to_state": "pilot",
            f"u{b_unit.pk}-reason": "x",
        },
        f"{base}trien-khai/dot/{b_wave.pk}/chinh-thuc/": {f"w{b_wave.pk}-reason": "x"},
        base + "trien-khai/dot/moi/": {},
    }
    for url, data in posts.items():
        assert officer_client.post(url, data).status_code == 404, url
    b_unit.refresh_from_db()
    assert b_unit.state == UnitState.NOT_STARTED
    assert officer_client.get(f"/console/dang-bo/{alpha.pk}/trien-khai/").status_code == 200


def test_alphas_ids_on_betas_pages_are_404_for_an_alpha_officer(officer_client, alpha, beta, rollout_rows):
    a_unit, a_wave = rollout_rows["alpha"]
    base = f"/console/dang-bo/{beta.pk}/trien-khai/"
    assert officer_client.get(f"{base}don-vi/{a_unit.pk}/lich-su/").status_code == 404
    data = {f"u{a_unit.pk}-to_state": "pilot", f"u{a_unit.pk}-reason": "x"}
    assert officer_client.post(f"{base}don-vi/{a_unit.pk}/chuyen/", data).status_code == 404
    assert officer_client.post(f"{base}dot/{a_wave.pk}/chinh-thuc/", {f"w{a_wave.pk}-reason": "x"}).status_code == 404
    a_unit.refresh_from_db()
    assert a_unit.state == UnitState.NOT_STARTED


def test_operator_ids_mismatch_is_404_too(operator_client, alpha, beta, rollout_rows):
    a_unit, _ = rollout_rows["alpha"]
    assert operator_client.get(f"/console/dang-bo/{beta.pk}/trien-khai/don-vi/{a_unit.pk}/lich-su/").status_code == 404
    assert operator_client.get(f"/console/dang-bo/{alpha.pk}/trien-khai/don-vi/{a_unit.pk}/lich-su/").status_code == 200


def test_officer_may_run_the_rollout_of_their_tenant(officer_client, alpha, rollout_rows):
    a_unit, _ = rollout_rows["alpha"]
    data = {f"u{a_unit.pk}-to_state": "pilot", f"u{a_unit.pk}-reason": "Thí điểm đợt 1"}
    assert (
        officer_client.post(f"/console/dang-bo/{alpha.pk}/trien-khai/don-vi/{a_unit.pk}/chuyen/", data).status_code
        == 302
    )
    a_unit.refresh_from_db()
    assert a_unit.state == UnitState.PILOT
    assert a_unit.transitions.get().actor == "can_bo_alpha"


def test_lifecycle_actions_are_operators_only(officer_client, alpha):
    base = f"/console/dang-bo/{alpha.pk}/"
    for action in ("suspend", "archive", "delete", "resume", "retry"):
        assert officer_client.post(f"{base}{action}/", {"reason": "x", "confirm_slug": "alpha"}).status_code == 404
    assert officer_client.get("/console/dang-bo/moi/").status_code == 404
    assert (
        officer_client.post("/console/dang-bo/moi/", {"name": "X", "slug": "xx", "admin_email": "a@b.vn"}).status_code
        == 404
    )
    assert officer_client.post(f"{base}moi-can-bo/", {"email": "a@b.vn", "full_name": "A"}).status_code == 404
    alpha.refresh_from_db()
    assert alpha.status == TenantStatus.READY
    assert not Tenant.objects.filter(schema_name="xx").exists()
    detail = officer_client.get(base).content.decode()
    assert "Tạm ngừng" not in detail and "Mời cán bộ" not in detail and "Kế hoạch triển khai" in detail


def test_operator_invites_an_officer_who_sets_a_password_and_logs_in(operator_client, alpha, beta):
    response = operator_client.post(
        f"/console/dang-bo/{alpha.pk}/moi-can-bo/", {"email": "BTC@alpha.vn", "full_name": "Nguyễn Văn Tổ"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    user = User.objects.get(username="btc@alpha.vn")
    assert not user.has_usable_password()
    assert ConsoleOfficer.objects.get(user=user).tenant == alpha
    assert PlatformAuditEvent.objects.filter(action="console.officer_invited", tenant_slug="alpha").exists()
    link = re.search(r'value="(https?://[^"]+/console/dat-mat-khau/[^"]+)"', body)
    assert link is not None
    path = link.group(1).split("//", 1)[1].split("/", 1)[1]
    officer = Client(HTTP_HOST=operator_client.defaults.get("HTTP_HOST"))
    form_page = officer.get("/" + path, follow=True)
    assert form_page.status_code == 200 and "new_password1" in form_page.content.decode()
    done = officer.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-can-bo-2026", "new_password2": "Mat-khau-can-bo-2026"},
    )
    assert done.status_code == 302 and done["Location"] == "/console/dang-nhap/"
    console_login(officer, "btc@alpha.vn", "Mat-khau-can-bo-2026")
    home = officer.get("/console/").content.decode()
    assert "Đảng bộ tỉnh Alpha" in home and "Đảng bộ thành phố Beta" not in home
    assert officer.get(f"/console/dang-bo/{beta.pk}/").status_code == 404
    assert "không hợp lệ" in officer.get("/" + path, follow=True).content.decode()  # the link works once


def test_duplicate_invitation_keeps_the_input(operator_client, alpha):
    url = f"/console/dang-bo/{alpha.pk}/moi-can-bo/"
    operator_client.post(url, {"email": "btc@alpha.vn", "full_name": "A"})
    again = operator_client.post(url, {"email": "btc@alpha.vn", "full_name": "Người thứ hai"}).content.decode()
    assert "Đã có tài khoản" in again and "Người thứ hai" in again


def test_console_login_without_next_lands_on_the_console(platform_client):
    from tests.conftest import PASSWORD

    response = platform_client.post("/console/dang-nhap/", {"username": "operator", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/console/"
