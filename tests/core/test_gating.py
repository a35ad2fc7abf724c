"""Rollout gate on tenant hosts: members of a unit not rolled out cannot log in (web, API token) and a pause
stops a logged-in member on the next request; admins, superusers and tenants without rollout are not gated."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.access.models import Role
from tenants.rollout.gating import member_gate
from tenants.rollout.models import RolloutUnit, UnitState
from tenants.rollout.services import rollout_units_sync, unit_transition
from tests.conftest import PASSWORD
from tests.factories.org import Tree, build_tree, user_with
from tests.helpers import in_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(alpha) -> Tree:
    with in_tenant(alpha):
        return build_tree()


def _set(alpha, code: str, state: str) -> None:
    RolloutUnit.objects.update_or_create(tenant=alpha, unit_code=code, defaults={"unit_name": code, "state": state})


def _web_login(client: Client, username: str):
    return client.post("/dang-nhap/", {"username": username, "password": PASSWORD})


def _token_login(client: Client, username: str):
    return client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})


def test_tenant_without_rollout_units_is_not_gated(alpha, alpha_client, tree):
    assert not RolloutUnit.objects.filter(tenant=alpha).exists()
    assert _web_login(alpha_client, "dv_x").status_code == 302
    with in_tenant(alpha):
        assert member_gate(tree.users["member_x"]) is None


def test_not_started_unit_refuses_web_login_with_a_clear_message(alpha, alpha_client, tree):
    rollout_units_sync(alpha)  # D1 and D2 rows, both not started
    response = _web_login(alpha_client, "dv_x")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đảng bộ huyện Yên Mô của đồng chí chưa được triển khai Sổ tay điện tử" in body
    assert "_auth_user_id" not in alpha_client.session
    # the party card number (member identifier) is gated the same way
    card = tree.members["X"][0].party_card_number
    assert "chưa được triển khai" in _web_login(alpha_client, card).content.decode()


def test_open_unit_logs_in_and_paused_unit_says_so(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.PILOT)
    assert _web_login(alpha_client, "dv_x").status_code == 302
    other = Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"])
    _set(alpha, "D1", UnitState.PAUSED)
    body = _web_login(other, "dv_x").content.decode()
    assert "đang tạm dừng" in body


def test_unit_without_row_counts_as_not_started_once_rollout_began(alpha, alpha_client, tree):
    _set(alpha, "D2", UnitState.LIVE)  # only D2 has a row; dv_x is under D1
    with in_tenant(alpha):
        assert member_gate(tree.users["member_x"]) == UnitState.NOT_STARTED
    assert _web_login(alpha_client, "dv_x").status_code == 200


def test_api_token_login_is_refused_with_403_code(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.NOT_STARTED)
    response = _token_login(alpha_client, "dv_x")
    assert response.status_code == 403
    assert response.json()["code"] == "unit_not_rolled_out"
    assert "chưa được triển khai" in response.json()["detail"]
    _set(alpha, "D1", UnitState.LIVE)
    assert _token_login(alpha_client, "dv_x").status_code == 201


def test_wrong_password_stays_a_401_even_when_gated(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.NOT_STARTED)
    response = alpha_client.post("/api/v1/auth/token/", {"username": "dv_x", "password": "sai-mat-khau"})
    assert response.status_code == 401


def test_pause_stops_a_logged_in_web_member_on_the_next_request(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.PILOT)
    assert _web_login(alpha_client, "dv_x").status_code == 302
    assert alpha_client.get("/tai-khoan/doi-mat-khau/").status_code == 200
    unit_transition(RolloutUnit.objects.get(tenant=alpha, unit_code="D1"), UnitState.PAUSED, "operator", "Tạm dừng")
    response = alpha_client.get("/tai-khoan/doi-mat-khau/")
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
    assert "_auth_user_id" not in alpha_client.session  # logged out
    page = alpha_client.get(response["Location"]).content.decode()
    assert "đang tạm dừng" in page


def test_pause_stops_an_api_token_on_the_next_request(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.LIVE)
    token = _token_login(alpha_client, "dv_x").json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert alpha_client.get("/api/v1/me/", **auth).status_code == 200
    unit_transition(RolloutUnit.objects.get(tenant=alpha, unit_code="D1"), UnitState.PAUSED, "operator", "Tạm dừng")
    response = alpha_client.get("/api/v1/me/", **auth)
    assert response.status_code == 403 and response.json()["code"] == "unit_not_rolled_out"
    assert response.json()["state"] == UnitState.PAUSED


def test_admins_with_a_grant_and_superusers_are_never_gated(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.PAUSED)
    with in_tenant(alpha):
        member = tree.members["X"][1]
        admin = user_with("dv_admin", (Role.CELL_SECRETARY, tree.x))
        member.user = admin
        member.save()
        assert member_gate(admin) is None
        assert member_gate(tree.users["member_x"]) == UnitState.PAUSED
        superuser = tree.members["X"][2]
        from django.contrib.auth.models import User

        root = User.objects.create_superuser("dv_root", "r@x.vn", PASSWORD)
        superuser.user = root
        superuser.save()
        assert member_gate(root) is None
    assert _web_login(alpha_client, "dv_admin").status_code == 302
    assert _token_login(Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"]), "dv_admin").status_code == 201
    assert _web_login(Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"]), "sec_x").status_code == 302


def test_the_gate_costs_at_most_two_queries(alpha, tree):
    _set(alpha, "D1", UnitState.PILOT)
    with in_tenant(alpha):
        user = tree.users["member_x"]
        with CaptureQueriesContext(connection) as queries:
            assert member_gate(user) is None
        sql = [q["sql"] for q in queries if not q["sql"].startswith("SET search_path")]  # set lazily by in_tenant
        assert len(sql) == 2 and "rollout_rolloutunit" in sql[1], sql


def test_anonymous_requests_do_not_load_the_user(alpha, alpha_client, tree):
    _set(alpha, "D1", UnitState.PAUSED)
    with CaptureQueriesContext(connection) as queries:
        assert alpha_client.get("/dang-nhap/").status_code == 200
    assert not any("rollout_rolloutunit" in q["sql"] for q in queries)


def test_beta_members_are_not_gated_by_alphas_rollout(alpha, beta, beta_client):
    _set(alpha, "D1", UnitState.PAUSED)
    with in_tenant(beta):
        build_tree()
    assert _web_login(beta_client, "dv_x").status_code == 302


def test_gated_web_logins_do_not_feed_the_login_throttle(alpha, alpha_client, tree, settings):
    rollout_units_sync(alpha)
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 1):
        assert "chưa được triển khai" in _web_login(alpha_client, "dv_x").content.decode()
    _set(alpha, "D1", UnitState.PILOT)  # once the unit is rolled out the member gets in at once
    assert _web_login(alpha_client, "dv_x").status_code == 302
