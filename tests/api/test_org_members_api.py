"""Org and member API: scoped lists, citizen ID visibility, constant queries, cross-tenant isolation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD
from tests.factories.org import MemberFactory, build_tree
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def _auth(client, username):
    token = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_units_list_is_scoped(tree, alpha_client):
    auth = _auth(alpha_client, "admin_d1")
    codes = [u["code"] for u in alpha_client.get("/api/v1/org/units/", **auth).json()["results"]]
    assert codes == ["D1", "C1", "X", "Y"]
    assert alpha_client.get("/api/v1/org/units/Z/", **auth).status_code == 404
    detail = alpha_client.get("/api/v1/org/units/C1/", **auth).json()
    assert {c["unit"]["code"]: c["members"] for c in detail["children"]} == {"X": 3, "Y": 2}


def test_member_search_and_detail(tree, alpha_client):
    auth = _auth(alpha_client, "sec_x")
    from core.members.search import fold

    page = alpha_client.get("/api/v1/members/", {"q": fold(tree.members["X"][0].full_name)}, **auth).json()
    assert page["count"] >= 1 and all(r["cell_code"] == "X" for r in page["results"])
    member = tree.members["X"][1]
    detail = alpha_client.get(f"/api/v1/members/{member.pk}/", **auth).json()
    assert detail["party_card_number"] == member.party_card_number and detail["citizen_id"] is None
    assert alpha_client.get(f"/api/v1/members/{tree.members['Y'][0].pk}/", **auth).status_code == 404
    btc = _auth(alpha_client, "btc")
    assert alpha_client.get(f"/api/v1/members/{member.pk}/", **btc).json()["citizen_id"] == member.citizen_id


def test_bad_parameters_get_clear_errors(tree, alpha_client):
    auth = _auth(alpha_client, "btc")
    assert alpha_client.get("/api/v1/members/", {"unit": "NOPE"}, **auth).json() == {
        "unit": ["Không có tổ chức với mã này."]
    }
    assert alpha_client.get("/api/v1/members/", {"offset": "x"}, **auth).status_code == 400


def test_member_list_query_count_does_not_grow_with_rows(tree, alpha, alpha_client):
    auth = _auth(alpha_client, "btc")
    alpha_client.get("/api/v1/members/", **auth)
    with CaptureQueriesContext(connection) as small:
        alpha_client.get("/api/v1/members/", **auth)
    with in_tenant(alpha):
        MemberFactory.create_batch(30, cell=tree.y)
    with CaptureQueriesContext(connection) as large:
        response = alpha_client.get("/api/v1/members/", **auth)
    assert response.json()["count"] == 37

    def count(ctx):
        return len([q for q in ctx.captured_queries if not q["sql"].startswith("SET search_path")])

    assert count(large) == count(small)


def test_alpha_ids_and_tokens_are_useless_on_beta(tree, alpha_client, beta_client):
    auth = _auth(alpha_client, "btc")
    assert beta_client.get("/api/v1/members/", **auth).status_code == 401
    beta_admin = _auth(beta_client, "admin")
    assert beta_client.get(f"/api/v1/members/{tree.members['X'][0].pk}/", **beta_admin).status_code == 404
    assert beta_client.get("/api/v1/org/units/X/", **beta_admin).status_code == 404
    assert beta_client.get("/api/v1/members/", **beta_admin).json()["count"] == 0
