"""Finding 4: NUL characters and deeply nested JSON are refused at the edge (400, Vietnamese), on every route.

Before the edge guard, `?q=a%00b`, `/api/v1/org/units/N%00B/`, `/sinh-hoat/lich/a%00b.ics` or a bearer token
with a NUL reached PostgreSQL (DataError, 500) and 100,000 `[` on the token endpoint raised RecursionError.
The walks below cover every tenant and public route, so a route added later is covered too.
"""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve
from rest_framework.test import APIRequestFactory

from api.parsers import GuardedFormParser, GuardedJSONParser, GuardedMultiPartParser
from config.edge import MAX_JSON_DEPTH, json_depth_exceeds
from tests.conftest import PASSWORD, host
from tests.hardening.routes import PUBLIC_URLCONF, TENANT_URLCONF, Route, routes
from tests.helpers import in_tenant

DEEP_JSON = "[" * 100_000
NUL_MESSAGE = "ký tự không hợp lệ"


class _NulEverywhere(dict):
    """Route parameters all carrying a NUL (the regex admin patterns fall back to their samples)."""

    def get(self, key, default=None):
        return "a%00b"

    def __getitem__(self, key):
        return "a%00b"


def _nul_paths(urlconf: str) -> list[str]:
    return [r.path if "%00" in r.path else r.path + "x%00y" for r in routes(urlconf, _NulEverywhere())]


def _assert_refused(response, *, api: bool, code: str = "nul_character") -> None:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    if api:
        assert response.json()["code"] == code
    else:
        page = response.content.decode()
        assert "Yêu cầu không hợp lệ" in page and 'lang="vi"' in page


@pytest.mark.parametrize("urlconf", [TENANT_URLCONF, PUBLIC_URLCONF])
def test_nul_in_the_path_is_a_400_on_every_route(urlconf, alpha_client, platform_client):
    client = alpha_client if urlconf == TENANT_URLCONF else platform_client
    paths = _nul_paths(urlconf)
    assert len(paths) > 40
    for path in paths:
        for method in (client.get, client.post):
            _assert_refused(method(path), api=path.startswith("/api/"))


@pytest.mark.parametrize("urlconf", [TENANT_URLCONF, PUBLIC_URLCONF])
def test_nul_in_the_query_string_is_a_400_on_every_route(urlconf, alpha_client, platform_client):
    client = alpha_client if urlconf == TENANT_URLCONF else platform_client
    for route in routes(urlconf):
        _assert_refused(client.get(route.path + "?q=a%00b&unit=N%00B"), api=route.path.startswith("/api/"))


def _api_routes() -> list[Route]:
    return [r for r in routes(TENANT_URLCONF) if r.path.startswith("/api/")]


def test_deeply_nested_json_is_a_400_on_every_api_route(alpha_client):
    api = _api_routes()
    assert len(api) > 30
    for route in api:
        for method in (alpha_client.post, alpha_client.put):
            response = method(route.path, DEEP_JSON, content_type="application/json")
            _assert_refused(response, api=True, code="json_too_deep")
            assert "lồng nhau quá sâu" in response.json()["detail"]


def test_deeply_nested_json_on_a_page_is_a_vietnamese_400(alpha_client):
    _assert_refused(alpha_client.post("/dang-nhap/", DEEP_JSON, content_type="application/json"), api=False)


def test_every_api_view_parses_with_the_guarded_parsers():
    guarded = (GuardedJSONParser, GuardedFormParser, GuardedMultiPartParser)
    for route in _api_routes():
        view_class = getattr(resolve(route.path, TENANT_URLCONF).func, "cls", None)
        if view_class is None:
            continue
        for parser in view_class().get_parsers():
            assert isinstance(parser, guarded), (route.pattern, parser)


def test_the_api_parser_alone_refuses_deep_json_and_nul(alpha):
    """Without the middleware (a view called directly) the parser still answers 400, never RecursionError."""
    from api.v1.auth import DangerouslyPublicTokenLoginApi

    factory = APIRequestFactory()
    view = DangerouslyPublicTokenLoginApi.as_view()
    with in_tenant(alpha):
        deep = view(factory.post("/api/v1/auth/token/", DEEP_JSON, content_type="application/json"))
        nul = view(
            factory.post(
                "/api/v1/auth/token/", '{"username": "a\\u0000", "password": "x"}', content_type="application/json"
            )
        )
        form = view(
            factory.put(
                "/api/v1/auth/token/", "username=a%00b&password=x", content_type="application/x-www-form-urlencoded"
            )
        )
    assert deep.status_code == 400 and deep.data["detail"].code == "json_too_deep"
    assert nul.status_code == 400 and nul.data["detail"].code == "nul_character"
    assert form.status_code in (400, 405)


def test_escaped_nul_inside_json_is_a_400_but_an_escaped_backslash_is_fine(alpha_client):
    refused = alpha_client.post(
        "/api/v1/auth/token/", '{"username": "a\\u0000b", "password": "x"}', content_type="application/json"
    )
    _assert_refused(refused, api=True)
    fine = alpha_client.post(
        "/api/v1/auth/token/", json.dumps({"username": "a\\u0000b", "password": "x"}), content_type="application/json"
    )
    assert fine.status_code == 401  # a literal backslash followed by "u0000": just a wrong username


def test_nul_in_a_bearer_token_is_a_400(alpha_client):
    response = alpha_client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer st_alpha_\x00abc")
    _assert_refused(response, api=True)


def test_nul_in_a_cookie_is_a_400(alpha_client):
    alpha_client.cookies[settings.SESSION_COOKIE_NAME] = "abcdefgh\x00ijklmnop"
    _assert_refused(alpha_client.get("/sinh-hoat/"), api=False)
    raw = Client(HTTP_HOST=host("alpha"), HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=abc%00def\x00")
    _assert_refused(raw.get("/"), api=False)


def test_nul_in_form_fields_is_a_400_and_the_login_still_works(alpha_client):
    page = alpha_client.post("/dang-nhap/", {"username": "member_alpha\x00", "password": PASSWORD})
    _assert_refused(page, api=False)
    assert NUL_MESSAGE in page.content.decode()
    upload = alpha_client.post("/nhap-du-lieu/tai-len/", {"kind": "org\x00", "note": "x"})
    _assert_refused(upload, api=False)
    assert alpha_client.post("/dang-nhap/", {"username": "member_alpha", "password": PASSWORD}).status_code == 302


def test_the_english_interface_gets_the_same_refusal_in_english(alpha_client):
    alpha_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = alpha_client.get("/dang-vien/?q=a%00b")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'lang="en"' in page and "Bad request" in page and "NUL" in page
    api = alpha_client.get("/api/v1/me/?q=a%00b")  # the API answers in Vietnamese
    assert NUL_MESSAGE in api.json()["detail"]


def test_json_depth_scan():
    assert not json_depth_exceeds(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    assert json_depth_exceeds(b"[" * (MAX_JSON_DEPTH + 1))
    assert not json_depth_exceeds(json.dumps({"text": "[" * 1000, "list": [[1], {"a": [2]}]}).encode())
    assert not json_depth_exceeds(b'{"a": "\\"[[[[", "b": []}', limit=2)
    assert json_depth_exceeds(b'{"a": [{"b": [1]}]}', limit=3)
