"""Grants apply to subtrees and fail closed; a secretary of X sees nothing of Y; proxy actions are audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from core.access.checks import access_object, has_perm_on, scope_paths
from core.access.models import Role, RoleGrant
from core.access.permissions import MEMBERS_VIEW, MEMBERS_VIEW_SENSITIVE, ORG_MANAGE
from core.access.services import role_grant, role_revoke
from core.audit.models import AuditEvent
from core.members.models import Member
from core.members.selectors import can_see_citizen_id, member_search
from core.members.services import correction_propose
from tests.factories.org import build_tree
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_secretary_sees_only_her_cell(tree):
    sec = tree.users["sec_x"]
    visible = {m.pk for m in member_search(sec).rows}
    assert visible == {m.pk for m in tree.members["X"]}
    with pytest.raises(Http404):
        access_object(Member.objects.all(), tree.members["Y"][0].pk, sec, MEMBERS_VIEW, "cell__path")


def test_district_admin_sees_only_the_district(tree):
    admin = tree.users["admin_d1"]
    visible = {m.cell_id for m in member_search(admin).rows}
    assert visible == {tree.x.pk, tree.y.pk}
    assert not has_perm_on(admin, MEMBERS_VIEW, tree.z)


def test_missing_and_forbidden_look_the_same(tree):
    sec = tree.users["sec_x"]
    for pk in (tree.members["Z"][0].pk, 999_999, "abc"):
        with pytest.raises(Http404):
            access_object(Member.objects.all(), pk, sec, MEMBERS_VIEW, "cell__path")


def test_users_without_grants_and_unknown_permissions_get_nothing(tree):
    assert scope_paths(tree.users["nobody"], MEMBERS_VIEW) == []
    assert member_search(tree.users["nobody"]).total == 0
    assert scope_paths(tree.users["btc"], "members.delete_everything") == []
    assert scope_paths(None, MEMBERS_VIEW) == []


def test_nested_grants_collapse_to_the_outer_scope(tree):
    RoleGrant.objects.create(user=tree.users["admin_d1"], role=Role.COMMITTEE_ADMIN, unit=tree.c1)
    tree.users["admin_d1"].__dict__.pop("_sotay_grants", None)
    assert scope_paths(tree.users["admin_d1"], MEMBERS_VIEW) == [tree.d1.path]


def test_citizen_id_only_for_org_department_and_the_member(tree):
    member = tree.members["X"][0]
    assert can_see_citizen_id(tree.users["btc"], member)
    assert can_see_citizen_id(tree.users["member_x"], member)
    assert not can_see_citizen_id(tree.users["sec_x"], member)
    assert not can_see_citizen_id(tree.users["admin_d1"], member)
    assert not has_perm_on(tree.users["admin_d1"], MEMBERS_VIEW_SENSITIVE, tree.x)


def test_secretary_cannot_change_the_tree(tree):
    assert not has_perm_on(tree.users["sec_x"], ORG_MANAGE, tree.x)


def test_proxy_correction_is_audited_with_who_acted_for_whom(tree):
    member = tree.members["X"][1]  # no account, no smartphone
    correction_propose(
        member=member, values={"phone": "0912345678"}, note="Đảng viên đề nghị qua bí thư", actor=tree.users["sec_x"]
    )
    event = AuditEvent.objects.get(action="member.correction_proposed")
    assert event.actor == tree.users["sec_x"]
    assert event.changes["proxy"] is True
    assert event.changes["on_behalf_of_member"] == {"id": member.pk, "name": member.full_name}
    assert event.scope_path == tree.x.path


def test_proxy_outside_scope_is_refused(tree):
    with pytest.raises(PermissionDenied):
        correction_propose(
            member=tree.members["Y"][0], values={"phone": "0912345678"}, note="", actor=tree.users["sec_x"]
        )


def test_grants_respect_scope_and_delegation(tree):
    admin = tree.users["admin_d1"]
    role_grant(user=tree.users["nobody"], role=Role.CELL_SECRETARY, unit=tree.y, granter=admin)
    with pytest.raises(ValidationError, match="không được giao"):
        role_grant(user=tree.users["nobody"], role=Role.ORG_DEPARTMENT, unit=tree.y, granter=admin)
    with pytest.raises(PermissionDenied):
        role_grant(user=tree.users["nobody"], role=Role.CELL_SECRETARY, unit=tree.z, granter=admin)
    with pytest.raises(PermissionDenied):
        role_grant(user=tree.users["nobody"], role=Role.CELL_SECRETARY, unit=tree.x, granter=tree.users["sec_x"])
    grant = RoleGrant.objects.get(user=tree.users["nobody"], unit=tree.y)
    assert has_perm_on(tree.users["nobody"], MEMBERS_VIEW, tree.y)
    role_revoke(grant=grant, granter=admin)
    fresh = type(tree.users["nobody"]).objects.get(pk=tree.users["nobody"].pk)  # grants are cached per request
    assert not has_perm_on(fresh, MEMBERS_VIEW, tree.y)
    assert AuditEvent.objects.filter(action__in=["role.granted", "role.revoked"]).count() == 2
