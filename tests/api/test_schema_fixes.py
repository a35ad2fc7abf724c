"""Finding 7, schemathesis' schema violations: what the API returns is what the schema says."""

from tests.conftest import PASSWORD
from tests.factories.org import build_tree
from tests.helpers import in_tenant


def _token(client, username):
    return client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}).json()["token"]


def _schema(client):
    return client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]


def test_me_without_email_is_null_and_the_schema_allows_it(alpha_client):
    token = _token(alpha_client, "member_alpha")  # created without an email
    me = alpha_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["email"] is None
    field = _schema(alpha_client)["MeOutput"]["properties"]["email"]
    assert field["format"] == "email" and field.get("nullable") is True


def test_root_unit_parent_code_is_null_and_the_schema_allows_it(alpha, alpha_client):
    with in_tenant(alpha):
        build_tree()
    token = _token(alpha_client, "admin")
    units = alpha_client.get("/api/v1/org/units/", HTTP_AUTHORIZATION=f"Bearer {token}").json()["results"]
    assert [u["parent_code"] for u in units if u["code"] == "ROOT"] == [None]
    assert _schema(alpha_client)["UnitOutput"]["properties"]["parent_code"].get("nullable") is True


def test_pagination_parameters_are_validated(alpha, alpha_client):
    with in_tenant(alpha):
        build_tree()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(alpha_client, 'admin')}"}
    for bad in ("offset=null", "offset=-1", "limit=abc", "limit=0", "offset=1.5"):
        response = alpha_client.get(f"/api/v1/org/units/?{bad}", **auth)
        assert response.status_code == 400, bad
        assert "số nguyên" in str(response.json()) or "lớn hơn 0" in str(response.json())
    ok = alpha_client.get("/api/v1/org/units/?limit=2&offset=1", **auth).json()
    assert len(ok["results"]) == 2 and ok["count"] == 7
    assert alpha_client.get("/api/v1/org/units/?limit=100000", **auth).status_code == 200  # capped at 500


def test_every_operation_documents_its_error_answers(alpha_client):
    paths = alpha_client.get("/api/v1/schema/?format=json").json()["paths"]
    for path, item in paths.items():
        for method, operation in item.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (method, path)


def test_an_unknown_api_path_is_a_json_404_and_a_page_path_the_vietnamese_page(alpha_client):
    api = alpha_client.get("/api/v1/meetings/abc/")
    assert api.status_code == 404 and api.json()["code"] == "not_found"
    page = alpha_client.get("/khong-co-trang-nay/")
    assert page.status_code == 404 and "Không tìm thấy trang" in page.content.decode()


def test_list_filters_outside_the_schema_are_a_400_with_the_field(alpha, alpha_client):
    """`level`/`kind`/`category` outside their lists and offsets that are not whole numbers are refused (they used
    to be read as "no filter"); the body names the parameter, as documented (the common error schema)."""
    auth = {"HTTP_AUTHORIZATION": f"Bearer {_token(alpha_client, 'member_alpha')}"}
    refused = {
        "/api/v1/documents/": ["level=trung-uong", "kind=x", "offset=abc", "offset=-1", "offset=1.0", "year=0"],
        "/api/v1/documents/bookmarks/": ["level=x"],
        "/api/v1/news/": ["category=x", "offset=null"],
        "/api/v1/notifications/": ["offset=x"],
    }
    for path, queries in refused.items():
        for query in queries:
            response = alpha_client.get(f"{path}?{query}", **auth)
            assert response.status_code == 400, (path, query)
            assert query.split("=")[0] in response.json(), (path, query)
    for path in ("/api/v1/documents/?level=central&kind=resolution&year=2025&offset=0", "/api/v1/news/?category=news"):
        assert alpha_client.get(path, **auth).status_code == 200, path
