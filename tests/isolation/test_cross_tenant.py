"""Cross-tenant isolation (tenancy rules 1–6): host swap, session replay, token replay, cache keys, admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client

from core.accounts.tokens import token_issue
from core.audit.models import AuditEvent
from core.audit.services import audit_record
from tests.conftest import PASSWORD, host
from tests.helpers import in_tenant, web_login


def test_a_users_credentials_do_not_exist_on_another_tenant(alpha_client, beta_client):
    web_login(alpha_client, "member_alpha", PASSWORD)
    response = beta_client.post("/dang-nhap/", {"username": "member_alpha", "password": PASSWORD})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_session_cookie_replayed_on_another_tenant_host_is_anonymous(alpha_client, beta):
    web_login(alpha_client, "member_alpha", PASSWORD)
    cookie = alpha_client.cookies["sessionid"].value
    assert "Xin chào" in alpha_client.get("/").content.decode()

    thief = Client(HTTP_HOST=host("beta"))
    thief.cookies["sessionid"] = cookie
    body = thief.get("/").content.decode()
    assert "Xin chào" not in body and "Đăng nhập" in body
    assert thief.get("/api/v1/me/").status_code == 401


def test_session_row_copied_into_another_schema_is_still_rejected(alpha, beta, alpha_client):
    """Defence in depth: even a session row present in beta's table is refused, it records alpha's schema."""
    web_login(alpha_client, "member_alpha", PASSWORD)
    key = alpha_client.cookies["sessionid"].value
    with in_tenant(alpha):
        row = Session.objects.get(session_key=key)
    with in_tenant(beta):
        Session.objects.create(session_key=key, session_data=row.session_data, expire_date=row.expire_date)
    thief = Client(HTTP_HOST=host("beta"))
    thief.cookies["sessionid"] = key
    assert thief.get("/api/v1/me/").status_code == 401


def test_session_cookie_is_host_only(alpha_client):
    web_login(alpha_client, "member_alpha", PASSWORD)
    morsel = alpha_client.cookies["sessionid"]
    assert morsel["domain"] == ""  # no Domain attribute: the browser sends it to this exact host only
    assert morsel["httponly"]


def test_api_token_replayed_on_another_tenant_is_rejected(alpha_client, beta_client):
    token = alpha_client.post("/api/v1/auth/token/", {"username": "member_alpha", "password": PASSWORD}).json()["token"]
    assert alpha_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}").json()["tenant"] == "alpha"
    replay = beta_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert replay.status_code == 401


def test_token_relabelled_with_other_schema_is_rejected(alpha, beta, beta_client):
    """A token whose prefix is edited to name beta still fails: the digest binds the whole string."""
    with in_tenant(alpha):
        _, raw = token_issue(user=get_user_model().objects.get(username="member_alpha"))
    forged = raw.replace("st_alpha_", "st_beta_", 1)
    assert beta_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401


def test_cache_keys_carry_the_schema(alpha, beta):
    with in_tenant(alpha):
        cache.set("dashboard", "dữ liệu alpha")
    with in_tenant(beta):
        assert cache.get("dashboard") is None
        cache.set("dashboard", "dữ liệu beta")
    with in_tenant(alpha):
        assert cache.get("dashboard") == "dữ liệu alpha"


def test_login_throttle_counters_are_per_tenant(alpha_client, beta_client, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        alpha_client.post("/dang-nhap/", {"username": "someone", "password": "sai"})
    blocked = alpha_client.post("/dang-nhap/", {"username": "someone", "password": "sai"}).content.decode()
    assert "quá nhiều lần" in blocked
    other = beta_client.post("/dang-nhap/", {"username": "someone", "password": "sai"}).content.decode()
    assert "quá nhiều lần" not in other


def test_tenant_admin_cannot_open_another_tenants_object_ids(alpha, beta, beta_client):
    with in_tenant(alpha):
        event = audit_record(actor=None, action="bí mật của alpha")
    web_login(beta_client, "admin", PASSWORD)
    response = beta_client.get(f"/quan-tri/audit/auditevent/{event.pk}/change/", follow=True)
    assert "bí mật của alpha" not in response.content.decode()
    listing = beta_client.get("/quan-tri/audit/auditevent/").content.decode()
    assert "bí mật của alpha" not in listing
    with in_tenant(beta):
        assert not AuditEvent.objects.filter(action="bí mật của alpha").exists()


def test_tenant_admin_site_does_not_expose_platform_models(beta_client):
    web_login(beta_client, "admin", PASSWORD)
    index = beta_client.get("/quan-tri/").content.decode()
    assert "tenants" not in index.lower() or "Đảng bộ (tenant)" not in index
    assert beta_client.get("/quan-tri/tenants/tenant/").status_code == 404
    assert beta_client.get("/quan-tri/billing_free/plan/").status_code == 404


def test_console_is_not_served_on_tenant_hosts(alpha_client):
    assert alpha_client.get("/console/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/api/v1/", "/healthz"])
def test_template_schema_is_never_routable(db, client, path):
    assert client.get(path, HTTP_HOST=f"_template.{host('x').split('.', 1)[1]}").status_code == 404


def test_password_setup_link_of_one_tenant_is_invalid_on_another(alpha, beta, client):
    from core.accounts.services import password_setup_path

    with in_tenant(alpha):
        admin = get_user_model().objects.get(email="admin@alpha.vn")
        admin.set_unusable_password()
        admin.save()
        path = password_setup_path(admin)
    page = client.get(path, HTTP_HOST=host("beta"), follow=True).content.decode()
    assert "không hợp lệ" in page
    assert 'name="new_password1"' not in page
