"""core/members/sensitive.py rule by rule (written for the survivors of `make mutation ARGS=sensitive`): who may see
a field, what `hidden_fields` returns, what `redact` masks and what it leaves."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.members.sensitive import MASK, field_labels, hidden_fields, may_see, may_see_in, redact
from tests.factories.org import build_tree
from tests.helpers import in_tenant

ALL = ["citizen_id", "ethnicity", "religion", "discipline", "rating"]


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_nobody_anonymous_sees_a_field_of_a_member_without_an_account(tree):
    member = tree.members["Y"][0]  # no account: member.user_id is None, like an anonymous user's pk
    assert member.user_id is None
    for who in (None, AnonymousUser()):
        assert not may_see(who, member, "citizen_id")
        assert hidden_fields(who, member) == ALL


def test_the_member_sees_their_own_values_and_nobody_else_s(tree):
    own, other = tree.members["X"][0], tree.members["X"][1]
    viewer = tree.users["member_x"]
    assert may_see(viewer, own, "citizen_id") and may_see(viewer, own, "rating")
    assert hidden_fields(viewer, own) == []
    assert hidden_fields(viewer, other) == ALL


def test_each_field_follows_its_own_permission(tree):
    member = tree.members["X"][1]
    secretary, department = tree.users["sec_x"], tree.users["btc"]
    assert hidden_fields(secretary, member) == ["citizen_id", "ethnicity", "religion", "discipline"]  # ratings: yes
    assert hidden_fields(department, member, ["citizen_id", "ethnicity", "religion", "discipline"]) == []
    assert hidden_fields(secretary, member, ["rating", "phone", "citizen_id"]) == ["citizen_id"]
    assert may_see(tree.users["nobody"], member, "phone")  # not in the registry: ordinary data


def test_report_level_visibility_is_decided_over_the_unit(tree):
    assert may_see_in(tree.users["btc"], "citizen_id", tree.root)
    assert not may_see_in(tree.users["admin_d1"], "citizen_id", tree.d1)
    assert may_see_in(tree.users["nobody"], "phone", tree.root)


def test_redact_masks_values_at_any_depth_and_keeps_empty_ones_and_the_rest():
    changes = {
        "citizen_id": "036190000001",
        "phone": "0912345678",
        "before": {"religion": "03", "ethnicity": "", "full_name": "An"},
        "rows": [{"citizen_id": None}, ("x", {"rating": {"level": "xuat_sac", "note": "tốt"}})],
    }
    assert redact(changes) == {
        "citizen_id": MASK,
        "phone": "0912345678",
        "before": {"religion": MASK, "ethnicity": "", "full_name": "An"},
        "rows": [{"citizen_id": None}, ["x", {"rating": {"level": MASK, "note": MASK}}]],
    }
    assert redact("036190000001") == "036190000001"  # a bare value is not a sensitive key's value


def test_field_labels_name_the_fields_in_words():
    assert field_labels(["citizen_id", "religion"]) == "Số CCCD, Tôn giáo"
