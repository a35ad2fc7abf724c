"""The caches added for load (ADR 0039) — rollout gate facts, rollout unit states, cached sessions — keep
tenants apart: tenant B never reads tenant A's entry, and an invalidation in one tenant leaves the other's."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.rollout import gate_cache
from tenants.rollout.gating import member_gate
from tenants.rollout.models import RolloutUnit, UnitState
from tenants.sessions import SessionStore
from tests.conftest import PASSWORD
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

pytestmark = pytest.mark.django_db


def _set(tenant, code: str, state: str) -> None:
    RolloutUnit.objects.update_or_create(tenant=tenant, unit_code=code, defaults={"unit_name": code, "state": state})


def test_gate_facts_of_a_tenant_are_invisible_to_another(alpha, beta):
    _set(alpha, "D1", UnitState.PAUSED)
    with in_tenant(alpha):
        user = build_tree().users["member_x"]
        assert member_gate(user) == UnitState.PAUSED  # alpha's facts now cached under alpha's schema
        key = gate_cache.user_facts_key(user.pk)
        assert cache.get(key) is not None
    with in_tenant(beta):
        assert cache.get(key) is None  # same key text, beta's schema: nothing
        cache.set(key, ["B9", "beta's unit"])
        gate_cache.facts_forget(user.pk)  # an invalidation in beta …
    with in_tenant(alpha):
        assert cache.get(key) is not None  # … leaves alpha's entry


def test_unit_states_are_kept_per_tenant_and_forgotten_per_tenant(alpha, beta):
    _set(alpha, "D1", UnitState.PAUSED)
    _set(beta, "D1", UnitState.LIVE)
    assert gate_cache.unit_states("alpha", alpha.pk) == {"D1": (UnitState.PAUSED, "D1")}
    assert gate_cache.unit_states("beta", beta.pk) == {"D1": (UnitState.LIVE, "D1")}
    gate_cache.unit_states_forget("alpha")
    with CaptureQueriesContext(connection) as queries:
        assert gate_cache.unit_states("beta", beta.pk) == {"D1": (UnitState.LIVE, "D1")}
    assert len(queries) == 0  # beta's copy survived alpha's invalidation
    with CaptureQueriesContext(connection) as queries:
        gate_cache.unit_states("alpha", alpha.pk)
    assert len(queries) == 1  # alpha's was dropped


def test_a_pause_in_one_tenant_does_not_gate_the_other_with_warm_caches(alpha, beta, alpha_client, beta_client):
    for tenant in (alpha, beta):
        _set(tenant, "D1", UnitState.LIVE)
        with in_tenant(tenant):
            build_tree()
    web_login(alpha_client, "dv_x", PASSWORD)
    web_login(beta_client, "dv_x", PASSWORD)
    assert beta_client.get("/tai-khoan/doi-mat-khau/").status_code == 200  # beta's caches warm
    from tenants.rollout.services import unit_transition

    unit_transition(RolloutUnit.objects.get(tenant=alpha, unit_code="D1"), UnitState.PAUSED, "operator", "Tạm dừng")
    assert alpha_client.get("/tai-khoan/doi-mat-khau/").status_code == 302
    assert beta_client.get("/tai-khoan/doi-mat-khau/").status_code == 200


def test_a_cached_session_is_invisible_to_another_tenant_and_deleted_only_in_its_own(alpha, beta):
    with in_tenant(alpha):
        store = SessionStore()
        store["note"] = "alpha"
        store.save()
        key = store.session_key
        assert cache.get(store.cache_key) is not None  # cached under alpha's schema
    with in_tenant(beta):
        assert SessionStore(key).load() == {}  # no row in beta, and alpha's cached copy is not beta's key
        copy = SessionStore(key)  # beta somehow holds a session with the same key
        copy["note"] = "beta"
        copy.save()
        copy.delete()  # deleting it in beta …
    with in_tenant(alpha):
        assert SessionStore(key).load()["note"] == "alpha"  # … leaves alpha's cached session and row


def test_a_cached_session_copied_under_another_schemas_key_is_still_rejected(alpha, beta):
    with in_tenant(alpha):
        store = SessionStore()
        store["note"] = "alpha"
        store.save()
        key, data = store.session_key, cache.get(store.cache_key)
    with in_tenant(beta):
        cache.set(SessionStore(key).cache_key, data)  # alpha's data planted under beta's key
        assert SessionStore(key).load() == {}  # it records alpha's schema: refused
