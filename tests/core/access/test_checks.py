"""core/access/checks.py one rule at a time (written for the survivors of `make mutation ARGS=access`)."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from core.access.checks import (
    ANY,
    access_object,
    forget_grants,
    granted_unit_paths,
    has_perm_anywhere,
    has_perm_on,
    scope_paths,
    scope_q,
    scoped,
)
from core.access.models import Role, RoleGrant
from core.access.permissions import MEMBERS_VIEW, ORG_MANAGE
from core.members.models import Member
from tests.factories.org import build_tree
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_an_inactive_account_keeps_no_scope_from_its_grants(tree):
    sec = tree.users["sec_x"]
    assert scope_paths(sec, MEMBERS_VIEW) == [tree.x.path]
    sec.is_active = False
    assert scope_paths(sec, MEMBERS_VIEW) == []
    assert not has_perm_anywhere(sec, MEMBERS_VIEW)
    assert not scoped(Member.objects.all(), sec, MEMBERS_VIEW, "cell__path").exists()


def test_anonymous_and_none_have_no_scope(tree):
    for who in (None, AnonymousUser()):
        assert scope_paths(who, MEMBERS_VIEW) == []
        assert not has_perm_on(who, MEMBERS_VIEW, tree.x)
        assert not scoped(Member.objects.all(), who, MEMBERS_VIEW, "cell__path").exists()


def test_superusers_reach_the_whole_tree(tree):
    admin = User.objects.create_superuser("quan_tri", "qt@alpha.vn", "x")
    assert scope_paths(admin, ORG_MANAGE) == [ANY]
    assert has_perm_on(admin, ORG_MANAGE, tree.z)
    assert scoped(Member.objects.all(), admin, MEMBERS_VIEW, "cell__path").count() == Member.objects.count()


def test_a_scope_is_a_subtree_not_a_path_prefix_of_a_sibling(tree):
    admin = tree.users["admin_d1"]
    assert has_perm_on(admin, MEMBERS_VIEW, tree.x) and has_perm_on(admin, MEMBERS_VIEW, tree.d1)
    assert not has_perm_on(admin, MEMBERS_VIEW, tree.root) and not has_perm_on(admin, MEMBERS_VIEW, tree.z)
    cells = set(scoped(Member.objects.all(), admin, MEMBERS_VIEW, "cell__path").values_list("cell_id", flat=True))
    assert cells == {tree.x.pk, tree.y.pk}


def test_two_separate_grants_are_both_kept_and_combined(tree):
    sec = tree.users["sec_x"]
    RoleGrant.objects.create(user=sec, role=Role.CELL_SECRETARY, unit=tree.z)
    forget_grants(sec)
    assert scope_paths(sec, MEMBERS_VIEW) == sorted([tree.x.path, tree.z.path])
    cells = set(scoped(Member.objects.all(), sec, MEMBERS_VIEW, "cell__path").values_list("cell_id", flat=True))
    assert cells == {tree.x.pk, tree.z.pk}
    assert granted_unit_paths(sec) == sorted([tree.x.path, tree.z.path])
    assert str(scope_q(sec, MEMBERS_VIEW, "cell__path")).count("cell__path__startswith") == 2


def test_grants_are_cached_for_the_request_until_forgotten(tree):
    sec = tree.users["sec_x"]
    assert scope_paths(sec, MEMBERS_VIEW) == [tree.x.path]
    RoleGrant.objects.filter(user=sec).delete()
    assert scope_paths(sec, MEMBERS_VIEW) == [tree.x.path]  # cached on the object
    forget_grants(sec)
    assert scope_paths(sec, MEMBERS_VIEW) == []
    assert granted_unit_paths(sec) == []


def test_access_object_returns_what_is_in_scope(tree):
    sec = tree.users["sec_x"]
    member = tree.members["X"][1]
    assert access_object(Member.objects.all(), member.pk, sec, MEMBERS_VIEW, "cell__path") == member
    with pytest.raises(Http404):
        access_object(Member.objects.all(), None, sec, MEMBERS_VIEW, "cell__path")


def test_has_perm_anywhere_answers_for_that_permission_only(tree):
    sec = tree.users["sec_x"]
    assert has_perm_anywhere(sec, MEMBERS_VIEW)
    assert not has_perm_anywhere(sec, ORG_MANAGE)  # a secretary does not manage the tree
    assert not has_perm_anywhere(tree.users["nobody"], MEMBERS_VIEW)


def test_a_grant_of_a_role_no_longer_defined_gives_nothing_and_breaks_nothing(tree):
    """A role string left in the table by an older version (or typed in SQL) is not in ROLE_PERMISSIONS: the check
    fails closed for that grant and still honours the account's other grants."""
    sec = tree.users["sec_x"]
    RoleGrant.objects.create(user=sec, role="retired_role", unit=tree.root)
    forget_grants(sec)
    assert scope_paths(sec, MEMBERS_VIEW) == [tree.x.path]
    assert not has_perm_on(sec, MEMBERS_VIEW, tree.z)
