"""Adoption API: pre-aggregated figures with counts and percentages, scoped by grants, clear 400s,
OpenAPI description, cross-tenant isolation."""

import pytest

from core.stats.services import adoption_refresh
from tests.conftest import PASSWORD
from tests.core.stats.data import MARCH, build_facts
from tests.helpers import in_tenant

URL = "/api/v1/stats/adoption/"


@pytest.fixture
def facts(alpha):
    with in_tenant(alpha):
        facts = build_facts()
        adoption_refresh(MARCH)
        yield facts


def _auth(client, username):
    token = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_org_department_reads_root_by_default(facts, alpha_client):
    data = alpha_client.get(URL, {"month": "2026-03"}, **_auth(alpha_client, "btc")).json()
    assert data["unit_code"] == "ROOT" and data["month"] == "2026-03" and data["source"] == "precomputed"
    assert data["members"] == 9 and data["refreshed_at"]
    assert data["installed"] == {"count": 3, "pct_of_members": 33.3}
    assert data["logged_in_this_month"] == {"count": 2, "pct_of_members": 22.2}
    assert data["accesses_this_month"] == 8
    assert data["non_users"]["total"] == {"count": 6, "pct_of_members": 66.7}
    assert data["non_users"]["other"] == {"count": 2, "pct_of_members": 22.2}


def test_district_admin_is_scoped_to_their_district(facts, alpha_client):
    auth = _auth(alpha_client, "admin_d1")
    data = alpha_client.get(URL, {"month": "2026-03"}, **auth).json()
    assert data["unit_code"] == "D1" and data["members"] == 5
    assert data["accounts_issued"] == {"count": 4, "pct_of_members": 80.0}
    assert alpha_client.get(URL, {"month": "2026-03", "unit": "D2"}, **auth).status_code == 404
    assert alpha_client.get(URL, {"month": "2026-03", "unit": "ROOT"}, **auth).status_code == 404


def test_cell_secretary_gets_live_figures_of_their_cell(facts, alpha_client):
    data = alpha_client.get(URL, {"month": "2026-03"}, **_auth(alpha_client, "sec_x")).json()
    assert data["unit_code"] == "X" and data["source"] == "live" and data["refreshed_at"] is None
    assert data["members"] == 3 and data["logged_in_this_month"] == {"count": 1, "pct_of_members": 33.3}


def test_users_without_grants_and_anonymous(facts, alpha_client):
    assert alpha_client.get(URL, **_auth(alpha_client, "nobody")).status_code == 404
    assert alpha_client.get(URL).status_code == 401


def test_bad_month_and_unit_are_400_in_vietnamese(facts, alpha_client):
    auth = _auth(alpha_client, "btc")
    bad = alpha_client.get(URL, {"month": "03-2026"}, **auth)
    assert bad.status_code == 400 and "Tháng không hợp lệ" in bad.json()["detail"]
    assert alpha_client.get(URL, {"month": "2026-13"}, **auth).status_code == 400
    unknown = alpha_client.get(URL, {"unit": "NOPE"}, **auth)
    assert unknown.status_code == 400 and unknown.json() == {"detail": "Không có tổ chức với mã này."}


def test_month_not_yet_aggregated_is_404(facts, alpha_client):
    response = alpha_client.get(URL, {"month": "2025-01"}, **_auth(alpha_client, "btc"))
    assert response.status_code == 404 and "Chưa có số liệu" in response.json()["detail"]


def test_cross_tenant(facts, alpha_client, beta_client, beta):
    alpha_auth = _auth(alpha_client, "btc")
    assert beta_client.get(URL, {"month": "2026-03"}, **alpha_auth).status_code == 401
    with in_tenant(beta):
        from django.contrib.auth.models import User

        User.objects.create_superuser("admin_beta_stats", "a@beta.vn", PASSWORD)
    beta_auth = _auth(beta_client, "admin_beta_stats")
    response = beta_client.get(URL, {"month": "2026-03", "unit": "D1"}, **beta_auth)
    assert response.status_code == 400  # alpha's unit code means nothing on beta
    assert beta_client.get(URL, {"month": "2026-03"}, **beta_auth).status_code == 404  # beta has no tree


def test_openapi_describes_the_endpoint(alpha_client):
    schema = alpha_client.get("/api/v1/schema/", {"format": "json"}).json()
    op = schema["paths"]["/api/v1/stats/adoption/"]["get"]
    assert {p["name"] for p in op["parameters"]} >= {"unit", "month"}
    assert {"200", "400", "404"} <= set(op["responses"])
    assert "pct_of_members" in schema["components"]["schemas"]["FigureOutput"]["properties"]
