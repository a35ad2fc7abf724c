"""Two-factor authentication (django-otp): required on the console, available (and optionally required by
the tenant) for tenant admins and the organisation department; a device never crosses tenants."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.access.models import Role, RoleGrant
from core.audit.models import AuditEvent
from tenants.models import PlatformAuditEvent, Tenant
from tenants.rollout.models import ConsoleOfficer
from tenants.two_factor.services import tenant_two_factor_set
from tests.conftest import PASSWORD, host
from tests.factories.org import build_tree
from tests.helpers import console_login, in_tenant, pass_second_factor, web_login


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def no_throttle(settings):
    """django-otp slows down after a wrong code (tested below); most tests check wrong-then-right at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def test_console_requires_enrolment_then_accepts_the_right_code(platform_client, no_throttle):
    assert platform_client.login(username="operator", password=PASSWORD)
    first = platform_client.get("/console/")
    assert first.status_code == 302 and first["Location"].startswith("/console/xac-thuc-hai-buoc/cai-dat/")
    page = platform_client.get(first["Location"]).content.decode()
    assert "Cài đặt xác thực hai bước" in page and "<svg" in page and "bắt buộc" in page
    device = TOTPDevice.objects.get(user__username="operator", confirmed=False)
    key = re.search(r'data-testid="two-factor-key">([^<]+)<', page)
    assert key is not None and len(re.sub(r"\s", "", key[1])) >= 32  # the key for typing by hand
    assert "otpauth://totp/" in device.config_url and "issuer=S%E1%BB%95%20tay" in device.config_url

    wrong = platform_client.post("/console/xac-thuc-hai-buoc/cai-dat/", {"token": "000000", "next": "/console/"})
    assert "Mã không đúng" in wrong.content.decode() and platform_client.get("/console/").status_code == 302

    done = platform_client.post("/console/xac-thuc-hai-buoc/cai-dat/", {"token": _code(device), "next": "/console/"})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    assert len(codes) == 10 and "Trang này chỉ hiển thị một lần" in done.content.decode()
    assert platform_client.get("/console/").status_code == 200
    assert PlatformAuditEvent.objects.filter(action="console.two_factor_enrolled", actor="operator").exists()


def test_console_login_with_wrong_code_right_code_and_backup_code(platform_client, no_throttle):
    operator = User.objects.get(username="operator")
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    backup = StaticDevice.objects.create(user=operator, name="backup", confirmed=True)
    backup.token_set.create(token="dutru123")
    assert platform_client.login(username="operator", password=PASSWORD)
    to_verify = platform_client.get("/console/tong-quan/")
    assert to_verify["Location"] == "/console/xac-thuc-hai-buoc/?next=/console/tong-quan/"
    wrong = platform_client.post("/console/xac-thuc-hai-buoc/", {"token": "123456", "next": "/console/tong-quan/"})
    assert wrong.status_code == 200 and "Mã không đúng hoặc đã hết hạn" in wrong.content.decode()
    right = platform_client.post("/console/xac-thuc-hai-buoc/", {"token": _code(device), "next": "/console/tong-quan/"})
    assert right.status_code == 302 and right["Location"] == "/console/tong-quan/"
    assert platform_client.get("/console/tong-quan/").status_code == 200

    other = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)  # a second login, phone lost: the backup code, once
    assert other.login(username="operator", password=PASSWORD)
    assert other.post("/console/xac-thuc-hai-buoc/", {"token": "dutru123"}).status_code == 302
    assert other.get("/console/").status_code == 200
    third = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    assert third.login(username="operator", password=PASSWORD)
    assert third.post("/console/xac-thuc-hai-buoc/", {"token": "dutru123"}).status_code == 200  # used up
    assert not StaticToken.objects.filter(token="dutru123").exists()


def test_wrong_codes_are_throttled(platform_client):
    operator = User.objects.get(username="operator")
    device = TOTPDevice.objects.create(user=operator, name="app", confirmed=True)
    assert platform_client.login(username="operator", password=PASSWORD)
    platform_client.post("/console/xac-thuc-hai-buoc/", {"token": "111111"})
    platform_client.post("/console/xac-thuc-hai-buoc/", {"token": "222222"})
    late = platform_client.post("/console/xac-thuc-hai-buoc/", {"token": _code(device)})
    assert late.status_code == 200  # even the right code waits out the back-off
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1


def test_console_officers_need_it_too_and_the_console_admin_site_as_well(platform_client, alpha):
    officer = User.objects.create_user("can_bo", password=PASSWORD, is_staff=True)
    ConsoleOfficer.objects.create(user=officer, tenant=alpha, invited_by="operator")
    assert platform_client.login(username="can_bo", password=PASSWORD)
    assert platform_client.get(f"/console/dang-bo/{alpha.pk}/")["Location"].startswith("/console/xac-thuc-hai-buoc/")
    operator = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    assert operator.login(username="operator", password=PASSWORD)
    assert operator.get("/console/quan-tri/")["Location"].startswith("/console/xac-thuc-hai-buoc/")
    pass_second_factor(platform_client, "can_bo")
    assert platform_client.get(f"/console/dang-bo/{alpha.pk}/").status_code == 200


def test_tenant_admin_may_enrol_a_plain_member_may_not(alpha, alpha_client, no_throttle):
    web_login(alpha_client, "admin", PASSWORD)
    assert alpha_client.get("/").status_code == 200  # not required by default
    assert "<svg" in alpha_client.get("/xac-thuc-hai-buoc/cai-dat/").content.decode()
    with in_tenant(alpha):
        device = TOTPDevice.objects.get(user__username="admin", confirmed=False)
        code = _code(device)
    done = alpha_client.post("/xac-thuc-hai-buoc/cai-dat/", {"token": code, "next": "/"})
    assert len(re.findall(r"<li><code>", done.content.decode())) == 10
    with in_tenant(alpha):
        assert AuditEvent.objects.filter(action="account.two_factor_enrolled", actor__username="admin").exists()
    member = Client(HTTP_HOST=host("alpha"))
    web_login(member, "member_alpha", PASSWORD)
    assert member.get("/xac-thuc-hai-buoc/cai-dat/").status_code == 404
    assert member.get("/xac-thuc-hai-buoc/").status_code == 404


def test_enrolled_admin_must_verify_even_when_the_tenant_does_not_require_it(alpha, alpha_client):
    with in_tenant(alpha):
        TOTPDevice.objects.create(user=User.objects.get(username="admin"), name="app", confirmed=True)
    web_login(alpha_client, "admin", PASSWORD)
    assert alpha_client.get("/dang-vien/")["Location"] == "/xac-thuc-hai-buoc/?next=/dang-vien/"
    assert alpha_client.get("/api/v1/me/").json()["code"] == "two_factor_required"  # the session API too


def test_tenant_setting_requires_it_for_admins_and_organisation_department_only(
    alpha, operator_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the routing map reloads the Tenant row
        response = operator_client.post(f"/console/dang-bo/{alpha.pk}/xac-thuc-hai-buoc/", {"require_two_factor": "1"})
    assert response.status_code == 302 and Tenant.objects.get(pk=alpha.pk).require_two_factor
    assert PlatformAuditEvent.objects.filter(action="tenant.two_factor_required", tenant_slug="alpha").exists()
    with in_tenant(alpha):
        tree = build_tree()  # btc: organisation department at the root; sec_x: a cell secretary
        assert RoleGrant.objects.filter(user=tree.users["btc"], role=Role.ORG_DEPARTMENT).exists()
    for username, stopped in (("admin", True), ("btc", True), ("sec_x", False), ("member_alpha", False)):
        client = Client(HTTP_HOST=host("alpha"))
        web_login(client, username, PASSWORD)
        response = client.get("/sinh-hoat/")
        assert (response.status_code == 302 and "/xac-thuc-hai-buoc/cai-dat/" in response["Location"]) == stopped


def test_only_operators_and_the_tenants_own_officer_change_the_setting(alpha, beta, platform_client):
    officer = User.objects.create_user("can_bo_beta", password=PASSWORD, is_staff=True)
    ConsoleOfficer.objects.create(user=officer, tenant=beta, invited_by="operator")
    console_login(platform_client, "can_bo_beta", PASSWORD)
    url = "/console/dang-bo/{}/xac-thuc-hai-buoc/"
    assert platform_client.post(url.format(alpha.pk), {"require_two_factor": "1"}).status_code == 404
    assert not Tenant.objects.get(pk=alpha.pk).require_two_factor
    assert platform_client.post(url.format(beta.pk), {"require_two_factor": "1"}).status_code == 302
    assert Tenant.objects.get(pk=beta.pk).require_two_factor


def test_required_but_not_enrolled_with_a_password_change_pending_reaches_the_set_up(
    alpha, alpha_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tenant_two_factor_set(tenant=alpha, required=True, actor="tests")
    from core.accounts.models import AccountState

    with in_tenant(alpha):
        admin = User.objects.get(username="admin")
        AccountState.objects.update_or_create(user=admin, defaults={"must_change_password": True})
    web_login(alpha_client, "admin", PASSWORD)
    response = alpha_client.get("/tai-khoan/doi-mat-khau/", follow=True)
    assert response.status_code == 200 and "Cài đặt xác thực hai bước" in response.content.decode()


def test_api_token_needs_the_second_factor(alpha, alpha_client, no_throttle):
    with in_tenant(alpha):
        device = TOTPDevice.objects.create(user=User.objects.get(username="admin"), name="app", confirmed=True)
        code = _code(device)
    login = {"username": "admin", "password": PASSWORD}
    refused = alpha_client.post("/api/v1/auth/token/", login)
    assert refused.status_code == 403 and refused.json()["code"] == "two_factor_code_required"
    assert alpha_client.post("/api/v1/auth/token/", login | {"otp_token": "999999"}).status_code == 403
    assert alpha_client.post("/api/v1/auth/token/", login | {"otp_token": code}).status_code == 201
    assert (
        alpha_client.post("/api/v1/auth/token/", {"username": "member_alpha", "password": PASSWORD}).status_code == 201
    )


def test_api_token_refused_when_required_and_not_enrolled(alpha, alpha_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tenant_two_factor_set(tenant=alpha, required=True, actor="tests")
    refused = alpha_client.post("/api/v1/auth/token/", {"username": "admin", "password": PASSWORD})
    assert refused.status_code == 403 and refused.json()["code"] == "two_factor_enrolment_required"


def test_a_device_of_tenant_a_never_satisfies_tenant_b(alpha, beta, alpha_client, beta_client, no_throttle):
    with in_tenant(alpha):
        alpha_device = TOTPDevice.objects.create(user=User.objects.get(username="admin"), name="app", confirmed=True)
    with in_tenant(beta):
        beta_admin = User.objects.get(username="admin")
        TOTPDevice.objects.create(user=beta_admin, name="app", confirmed=True)
    web_login(alpha_client, "admin", PASSWORD)
    assert alpha_client.post("/xac-thuc-hai-buoc/", {"token": _code(alpha_device)}).status_code == 302
    assert alpha_client.get("/dang-vien/").status_code == 200

    # alpha's verified session on beta's host: nobody there
    stranger = Client(HTTP_HOST=host("beta"))
    stranger.cookies[settings.SESSION_COOKIE_NAME] = alpha_client.cookies[settings.SESSION_COOKIE_NAME].value
    assert stranger.get("/dang-vien/")["Location"].startswith("/dang-nhap/")

    # beta's admin typing the code of alpha's app
    web_login(beta_client, "admin", PASSWORD)
    assert beta_client.post("/xac-thuc-hai-buoc/", {"token": _code(alpha_device)}).status_code == 200
    assert beta_client.get("/dang-vien/")["Location"].startswith("/xac-thuc-hai-buoc/")

    # a beta session claiming alpha's device (same id in beta's schema is not this user's): not verified
    with in_tenant(beta):
        session = beta_client.session
        session["otp_device_id"] = alpha_device.persistent_id
        session.save()
        assert isinstance(session, SessionBase)
    beta_client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert beta_client.get("/dang-vien/")["Location"].startswith("/xac-thuc-hai-buoc/")
