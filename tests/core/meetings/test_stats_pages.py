"""The meeting statistics page (/sinh-hoat/thong-ke/) and API (/api/v1/stats/meetings/): figures, scoping by
MEETINGS_RUN/ORG_VIEW (others get a 404), month validation and isolation between tenants."""

import pytest

from core.stats.meeting_services import meeting_refresh
from tests.conftest import PASSWORD
from tests.core.meetings.stats_data import MARCH, build_stats_facts
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login


def _auth(client, username):
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}


@pytest.fixture
def facts(tree, alpha):
    with in_tenant(alpha):
        build_stats_facts(tree)
        meeting_refresh(MARCH)
    return tree


def test_district_page_shows_its_units_and_cells_only(facts, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    page = alpha_client.get("/sinh-hoat/thong-ke/", {"month": "2026-03"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đảng bộ huyện Yên Mô" in body and "Đảng bộ xã Yên Phong" in body  # the unit and its child
    assert "Chi bộ thôn Đông" in body and "Chi bộ thôn Đoài" in body and "Chi bộ thôn Trung" not in body
    assert "Chi bộ sinh hoạt: 1/2 (50,0%)" in body and "Tỷ lệ dự họp: 75,0%" in body  # Vietnamese decimals
    assert "2 nhiệm vụ quá hạn" in body and "3 ý kiến" in body
    assert "?unit=X&amp;month=2026-03" in body  # per-cell drill-down links
    cell = alpha_client.get("/sinh-hoat/thong-ke/", {"unit": "X", "month": "2026-03"})
    assert cell.status_code == 200 and "Chi bộ sinh hoạt: 1/1 (100,0%)" in cell.content.decode()


def test_page_scoping_and_bad_month(facts, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    for unit in ("D2", "Z", "ROOT", "NOPE"):
        assert alpha_client.get("/sinh-hoat/thong-ke/", {"unit": unit}).status_code == 404
    assert "Tháng không hợp lệ" in alpha_client.get("/sinh-hoat/thong-ke/", {"month": "03/2026"}).content.decode()
    alpha_client.logout()
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get("/sinh-hoat/thong-ke/", {"month": "2026-03"}).content.decode()
    assert "Chi bộ thôn Đông" in page and "Chi bộ thôn Đoài" not in page
    assert alpha_client.get("/sinh-hoat/thong-ke/", {"unit": "Y"}).status_code == 404
    for username in ("dv_x", "nobody"):
        alpha_client.logout()
        web_login(alpha_client, username, PASSWORD)
        assert alpha_client.get("/sinh-hoat/thong-ke/").status_code == 404


def test_api_precomputed_and_live_figures(facts, alpha_client):
    auth = _auth(alpha_client, "btc")  # organisation department: ORG_VIEW on the root
    d1 = alpha_client.get("/api/v1/stats/meetings/", {"unit": "D1", "month": "2026-03"}, **auth).json()
    assert d1["source"] == "precomputed" and d1["refreshed_at"]
    assert (d1["cells"], d1["expected"], d1["cells_met"], d1["held_pct"], d1["meetings_held"]) == (2, 2, 1, 50.0, 2)
    assert (d1["attendance_present"], d1["attendance_expected"], d1["attendance_pct"]) == (3, 4, 75.0)
    assert (d1["opinions"], d1["tasks_overdue"]) == (3, 2)
    x = alpha_client.get("/api/v1/stats/meetings/", {"unit": "X", "month": "2026-03"}, **auth).json()
    assert x["source"] == "live" and (x["cells_met"], x["meetings_held"], x["attendance_pct"]) == (1, 2, 75.0)
    root = alpha_client.get("/api/v1/stats/meetings/", {"month": "2026-03"}, **auth).json()
    assert root["unit_code"] == "ROOT" and root["held_pct"] == 66.7
    assert alpha_client.get("/api/v1/stats/meetings/", {"unit": "D1", "month": "2025-01"}, **auth).status_code == 404
    assert alpha_client.get("/api/v1/stats/meetings/", {"month": "2026-13"}, **auth).status_code == 400
    assert alpha_client.get("/api/v1/stats/meetings/", {"unit": "NOPE"}, **auth).status_code == 400


def test_api_scoping(facts, alpha_client):
    auth = _auth(alpha_client, "admin_d1")
    assert alpha_client.get("/api/v1/stats/meetings/", {"unit": "D1", "month": "2026-03"}, **auth).status_code == 200
    for unit in ("D2", "Z", "ROOT"):
        assert alpha_client.get("/api/v1/stats/meetings/", {"unit": unit}, **auth).status_code == 404
    sec = _auth(alpha_client, "sec_x")
    assert alpha_client.get("/api/v1/stats/meetings/", {"unit": "Y"}, **sec).status_code == 404
    mine = alpha_client.get("/api/v1/stats/meetings/", {"month": "2026-03"}, **sec).json()
    assert mine["unit_code"] == "X" and mine["meetings_held"] == 2
    member = _auth(alpha_client, "dv_x")
    assert alpha_client.get("/api/v1/stats/meetings/", {"unit": "X"}, **member).status_code == 404
    assert alpha_client.get("/api/v1/stats/meetings/").status_code in (401, 403)


def test_cross_tenant(facts, alpha, beta, alpha_client, beta_client):
    alpha_auth = _auth(alpha_client, "admin_d1")
    with in_tenant(beta):
        build_tree()  # same codes and usernames, no meetings
    assert beta_client.get("/api/v1/stats/meetings/", {"unit": "X"}, **alpha_auth).status_code == 401
    beta_auth = _auth(beta_client, "admin_d1")
    x = beta_client.get("/api/v1/stats/meetings/", {"unit": "X", "month": "2026-03"}, **beta_auth).json()
    assert (x["meetings_held"], x["opinions"], x["tasks_overdue"]) == (0, 0, 0)  # alpha's rows never show
    # beta has no stored row for March (alpha's refresh did not touch it) and no cell W
    assert (
        beta_client.get("/api/v1/stats/meetings/", {"unit": "D1", "month": "2026-03"}, **beta_auth).status_code == 404
    )
    assert beta_client.get("/api/v1/stats/meetings/", {"unit": "W"}, **beta_auth).status_code == 400
    web_login(beta_client, "admin_d1", PASSWORD)
    page = beta_client.get("/sinh-hoat/thong-ke/", {"month": "2026-03"})
    assert page.status_code == 200 and "Chi bộ sinh hoạt: 0/0" in page.content.decode()
    assert beta_client.get("/sinh-hoat/thong-ke/", {"unit": "W"}).status_code == 404


def test_large_subtrees_list_child_units_not_every_cell(facts, alpha_client, monkeypatch):
    monkeypatch.setattr("core.stats.meeting_views.MAX_CELL_ROWS", 1)
    web_login(alpha_client, "admin_d1", PASSWORD)
    body = alpha_client.get("/sinh-hoat/thong-ke/", {"month": "2026-03"}).content.decode()
    assert "Đơn vị có 2 chi bộ: chọn đơn vị trực thuộc" in body and "Đảng bộ xã Yên Phong" in body
    assert "Chi bộ thôn Đông" not in body
