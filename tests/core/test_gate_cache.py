"""The per-request rollout gate reads cached facts and unit states (ADR 0039): no gate query on a signed-in
member's request, a pause made through the services stops members at once in this process, and a change this
process was not told about (another node) still stops them once ROLLOUT_STATES_TTL has passed."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants.rollout import gate_cache
from tenants.rollout.gating import member_gate
from tenants.rollout.models import RolloutUnit, UnitState
from tenants.rollout.services import unit_transition
from tests.conftest import PASSWORD
from tests.factories.org import Tree, build_tree
from tests.helpers import in_tenant

pytestmark = pytest.mark.django_db
PAGE = "/tai-khoan/doi-mat-khau/"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(gate_cache.time, "monotonic", fake.monotonic)
    return fake


@pytest.fixture
def tree(alpha) -> Tree:
    with in_tenant(alpha):
        return build_tree()


def _set(alpha, code: str, state: str) -> None:
    RolloutUnit.objects.update_or_create(tenant=alpha, unit_code=code, defaults={"unit_name": code, "state": state})


def _signed_in(alpha, client: Client) -> None:
    _set(alpha, "D1", UnitState.PILOT)
    assert client.post("/dang-nhap/", {"username": "dv_x", "password": PASSWORD}).status_code == 302
    assert client.get(PAGE).status_code == 200  # primes the caches


def _gate_sql(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if "rollout_rolloutunit" in q["sql"] or "has_grant" in q["sql"]]


def test_a_signed_in_members_request_costs_no_gate_query(alpha, alpha_client, tree, clock):
    _signed_in(alpha, alpha_client)
    with CaptureQueriesContext(connection) as queries:
        assert alpha_client.get(PAGE).status_code == 200
    assert _gate_sql(queries) == []


def test_an_api_tokens_request_costs_no_gate_query_once_cached(alpha, alpha_client, tree, clock):
    _set(alpha, "D1", UnitState.LIVE)
    token = alpha_client.post("/api/v1/auth/token/", {"username": "dv_x", "password": PASSWORD}).json()["token"]
    api = Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"], HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/me/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/me/").status_code == 200
    assert _gate_sql(queries) == []


def test_a_pause_through_the_service_stops_the_member_at_once(alpha, alpha_client, tree, clock):
    _signed_in(alpha, alpha_client)
    unit_transition(RolloutUnit.objects.get(tenant=alpha, unit_code="D1"), UnitState.PAUSED, "operator", "Tạm dừng")
    response = alpha_client.get(PAGE)  # the clock has not moved: the process's copy was dropped, not expired
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"


def test_a_pause_made_on_another_node_takes_effect_within_the_ttl(alpha, alpha_client, tree, clock, settings):
    settings.ROLLOUT_STATES_TTL = 2.0
    _signed_in(alpha, alpha_client)
    # Another node pauses the unit: this process is not told (a plain UPDATE, no invalidation here).
    RolloutUnit.objects.filter(tenant=alpha, unit_code="D1").update(state=UnitState.PAUSED)
    clock.now += 1.0
    assert alpha_client.get(PAGE).status_code == 200  # within the TTL the copy may still say "pilot"
    clock.now += 1.5  # 2.5 s after the copy was read: past the TTL
    response = alpha_client.get(PAGE)
    assert response.status_code == 302 and response["Location"] == "/dang-nhap/"
    assert "đang tạm dừng" in alpha_client.get("/dang-nhap/").content.decode()


def test_resuming_also_takes_effect_within_the_ttl(alpha, tree, clock, settings):
    settings.ROLLOUT_STATES_TTL = 2.0
    _set(alpha, "D1", UnitState.PAUSED)
    with in_tenant(alpha):
        user = tree.users["member_x"]
        assert member_gate(user) == UnitState.PAUSED
        RolloutUnit.objects.filter(tenant=alpha, unit_code="D1").update(state=UnitState.LIVE)
        clock.now += 2.5
        assert member_gate(user) is None


def test_login_reads_the_states_fresh_whatever_the_cache_holds(alpha, alpha_client, tree, clock):
    _signed_in(alpha, alpha_client)  # the copy says "pilot"
    RolloutUnit.objects.filter(tenant=alpha, unit_code="D1").update(state=UnitState.PAUSED)
    other = Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"])
    body = other.post("/dang-nhap/", {"username": "dv_x", "password": PASSWORD}).content.decode()
    assert "đang tạm dừng" in body


def test_a_forged_token_is_not_kept_in_the_cache(alpha, alpha_client, tree, clock):
    from django.core.cache import cache

    _set(alpha, "D1", UnitState.LIVE)
    forged = "st_alpha_" + "x" * 40
    assert alpha_client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {forged}").status_code == 401
    with in_tenant(alpha):
        assert cache.get(gate_cache.token_facts_key(forged)) is None
