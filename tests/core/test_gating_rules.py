"""tenants/rollout/gating.py rule by rule (written for the survivors of `make mutation ARGS=rollout`): which unit
decides, which name the message uses, which tokens are looked at, and what costs no query."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.accounts.models import ApiToken
from core.accounts.tokens import token_issue
from tenants.rollout.gate_cache import unit_states_forget
from tenants.rollout.gating import (
    GATE_CODE,
    UnitNotRolledOut,
    check_login_allowed,
    member_gate,
    member_gate_detail,
    token_gate_detail,
)
from tenants.rollout.models import RolloutUnit, UnitState
from tests.conftest import PASSWORD
from tests.factories.org import Tree, build_tree
from tests.helpers import in_tenant

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def _forget() -> None:
    """These tests change rollout rows and tokens behind the services' back: drop the gate's caches (ADR 0039), as
    a state change through tenants/rollout/services.py does, so each step reads what is in the tables now."""
    unit_states_forget()
    cache.clear()


def _set(alpha, code: str, state: str, name: str = "") -> RolloutUnit:
    unit, _ = RolloutUnit.objects.update_or_create(
        tenant=alpha, unit_code=code, defaults={"unit_name": name, "state": state}
    )
    _forget()
    return unit


def _member_in_z(tree: Tree) -> User:
    """An account for a member of cell Z, under the second district D2."""
    user = User.objects.create_user("dv_z", password=PASSWORD)
    member = tree.members["Z"][0]
    member.user = user
    member.save()
    return user


def test_the_member_s_own_district_decides_whatever_the_order_of_the_rows(alpha, tree):
    """D2's row is created first (lower pk): a member under D1 is still judged by D1's row, a member under D2 by
    D2's — never by the first row of the table or the first district of the tree."""
    _set(alpha, "D2", UnitState.NOT_STARTED)
    _set(alpha, "D1", UnitState.LIVE)
    member_z = _member_in_z(tree)
    assert member_gate(tree.users["member_x"]) is None
    assert member_gate(member_z) == UnitState.NOT_STARTED
    RolloutUnit.objects.filter(tenant=alpha, unit_code="D2").update(state=UnitState.PILOT)
    _forget()
    RolloutUnit.objects.filter(tenant=alpha, unit_code="D1").update(state=UnitState.PAUSED)
    _forget()
    assert member_gate(member_z) is None
    assert member_gate(tree.users["member_x"]) == UnitState.PAUSED


def test_the_message_names_the_rollout_row_then_the_tree_unit(alpha, tree):
    _set(alpha, "D1", UnitState.PAUSED, name="Huyện Yên Mô (thí điểm đợt 2)")
    gate = member_gate_detail(tree.users["member_x"])
    assert gate is not None and gate.unit_name == "Huyện Yên Mô (thí điểm đợt 2)"
    RolloutUnit.objects.filter(tenant=alpha, unit_code="D1").update(unit_name="")
    _forget()
    gate = member_gate_detail(tree.users["member_x"])
    assert gate is not None and gate.unit_name == tree.d1.name
    RolloutUnit.objects.filter(tenant=alpha, unit_code="D1").delete()
    _forget()
    _set(alpha, "D2", UnitState.LIVE)  # rollout has begun, D1 has no row: not started, named from the tree
    gate = member_gate_detail(tree.users["member_x"])
    assert gate is not None and (gate.state, gate.unit_name) == (UnitState.NOT_STARTED, tree.d1.name)
    assert gate.message.startswith(tree.d1.name + " của đồng chí chưa được triển khai")


def test_a_district_with_a_blank_name_still_gates_and_says_dang_bo(alpha, tree):
    """The gate depends on the district's code; a blank name (a raw import can leave one) only changes the words."""
    type(tree.d1).objects.filter(pk=tree.d1.pk).update(name="")
    _set(alpha, "D2", UnitState.LIVE)  # D1 has no row: not started
    gate = member_gate_detail(tree.users["member_x"])
    assert gate is not None and gate.unit_name == ""
    assert gate.message.startswith("Đảng bộ của đồng chí chưa được triển khai")


def test_the_login_refusal_carries_the_gate_code(alpha, tree):
    _set(alpha, "D1", UnitState.NOT_STARTED)
    with pytest.raises(UnitNotRolledOut) as refused:
        check_login_allowed(tree.users["member_x"])
    assert refused.value.code == GATE_CODE
    assert refused.value.gate.state == UnitState.NOT_STARTED


def test_superusers_and_other_user_objects_cost_no_query(alpha, tree):
    _set(alpha, "D1", UnitState.PAUSED)
    root = User.objects.create_superuser("dv_root", "r@x.vn", PASSWORD)
    member = tree.members["X"][1]
    member.user = root
    member.save()
    stranger = SimpleNamespace(is_authenticated=True, is_superuser=False, pk=tree.users["member_x"].pk)
    with CaptureQueriesContext(connection) as queries:
        assert member_gate(root) is None
        assert member_gate(stranger) is None  # not a tenant account, even with a member's pk
    assert queries.captured_queries == []


def test_only_a_genuine_live_token_of_an_active_account_is_gated(alpha, tree):
    """The token gate looks only at what authentication would accept: a forged secret, an expired token, an
    inactive account or a superuser's token is not gated here (authentication answers 401 later, without
    revealing the unit's state)."""
    _set(alpha, "D1", UnitState.PAUSED)
    user = tree.users["member_x"]
    token, raw = token_issue(user=user)
    gate = token_gate_detail(raw)
    assert gate is not None and gate.state == UnitState.PAUSED
    forged = raw[:-4] + ("aaaa" if not raw.endswith("aaaa") else "bbbb")  # same lookup, wrong secret
    assert token_gate_detail(forged) is None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _forget()
    assert token_gate_detail(raw) is None
    _, fresh = token_issue(user=user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    _forget()
    assert token_gate_detail(fresh) is None
    root = User.objects.create_superuser("dv_root", "r@x.vn", PASSWORD)
    member = tree.members["X"][1]
    member.user = root
    member.save()
    _, root_raw = token_issue(user=root)
    assert token_gate_detail(root_raw) is None


def test_tokens_of_another_tenant_or_too_short_cost_no_query(alpha, tree):
    _set(alpha, "D1", UnitState.PAUSED)
    _, raw = token_issue(user=tree.users["member_x"])
    body = raw.removeprefix("st_alpha_")
    with CaptureQueriesContext(connection) as queries:
        assert token_gate_detail("st_beta_" + body) is None
        assert token_gate_detail("xx" + raw) is None
        assert token_gate_detail("st_alpha_" + body[:5]) is None
    assert queries.captured_queries == []
