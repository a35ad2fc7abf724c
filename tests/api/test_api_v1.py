"""API v1: root, token login/logout, me, throttling, OpenAPI schema and offline docs, base-class guard."""

import pytest
from rest_framework.permissions import AllowAny

from api.base import TenantAPIView
from tests.conftest import PASSWORD


def _token(client, username="member_alpha"):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD, "device": "Điện thoại"})
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_api_root_lists_entry_points(alpha_client):
    body = alpha_client.get("/api/v1/").json()
    assert body["token_login"].endswith("/api/v1/auth/token/")
    assert body["docs"].startswith("http://alpha.")


def test_token_login_me_and_logout(alpha_client):
    token = _token(alpha_client)
    assert token.startswith("st_alpha_")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    me = alpha_client.get("/api/v1/me/", **auth).json()
    assert me["username"] == "member_alpha" and me["tenant"] == "alpha"
    assert alpha_client.post("/api/v1/auth/logout/", **auth).status_code == 204
    assert alpha_client.get("/api/v1/me/", **auth).status_code == 401


def test_wrong_password_gets_vietnamese_error_and_is_throttled(alpha_client, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = alpha_client.post("/api/v1/auth/token/", {"username": "member_alpha", "password": "sai"})
        assert response.status_code == 401
        assert "không đúng" in response.json()["detail"]
    blocked = alpha_client.post("/api/v1/auth/token/", {"username": "member_alpha", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.json()["detail"]


def test_missing_fields_are_reported_per_field(alpha_client):
    response = alpha_client.post("/api/v1/auth/token/", {})
    assert response.status_code == 400
    assert set(response.json()) >= {"username", "password"}


def test_me_requires_authentication(alpha_client):
    assert alpha_client.get("/api/v1/me/").status_code == 401


def test_openapi_schema_describes_the_endpoints(alpha_client):
    response = alpha_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"].startswith("Sổ tay")
    assert {"/api/v1/auth/token/", "/api/v1/me/"} <= set(schema["paths"])
    assert schema["paths"]["/api/v1/me/"]["get"]["summary"]


def test_docs_page_uses_only_local_assets(alpha_client):
    html = alpha_client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    asset = html.split('src="', 1)[1].split('"', 1)[0]
    assert asset.startswith("/static/")


def test_api_is_not_served_on_the_platform_host(platform_client):
    assert platform_client.get("/api/v1/").status_code == 404


def test_base_class_refuses_views_without_permissions():
    with pytest.raises(TypeError, match="no permission classes"):
        type("OpenDoorApi", (TenantAPIView,), {"permission_classes": []})
    with pytest.raises(TypeError, match="no authentication"):
        type("NoAuthApi", (TenantAPIView,), {"authentication_classes": [], "permission_classes": [AllowAny]})
    type("DangerouslyOpenApi", (TenantAPIView,), {"permission_classes": []})  # explicit opt-out is allowed


def test_openapi_schema_is_valid_and_has_no_warnings(tmp_path, db):
    """Every endpoint documented: no guessed serializers, enum name collisions or duplicate operation ids."""
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    assert "operationId: members_list" in schema and "ImportKindEnum" in schema and "ApiRootOutput" in schema
