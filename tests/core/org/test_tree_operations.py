"""Org tree: create/rename/move/merge/split keep paths consistent and history; bad moves are refused."""

import pytest
from django.core.exceptions import ValidationError

from core.members.models import Member, MemberTransfer
from core.org import services
from core.org.models import OrgKind, OrgUnit, OrgUnitEvent
from core.org.selectors import unit_ancestors
from core.orgtree import restructure
from core.orgtree.selectors import unit_children_with_counts
from tests.factories.org import build_tree
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def test_paths_follow_the_tree(tree):
    assert tree.x.path == f"{tree.root.pk}.{tree.d1.pk}.{tree.c1.pk}.{tree.x.pk}."
    assert tree.x.depth == 3
    assert [u.code for u in unit_ancestors(tree.x)] == ["ROOT", "D1", "C1"]


def test_unit_without_parent_goes_under_the_root(tree):
    unit = services.org_unit_create(code="B1", name="Đảng bộ Khối cơ quan", kind=OrgKind.BLOC, parent=None)
    assert unit.parent == tree.root and unit.depth == 1


def test_duplicate_code_and_second_root_are_refused(tree):
    with pytest.raises(ValidationError, match="đã tồn tại"):
        services.org_unit_create(code="X", name="Trùng", kind=OrgKind.CELL, parent=tree.c1)
    with pytest.raises(ValidationError, match="gốc đã tồn tại"):
        services.org_unit_create(code="R2", name="Gốc 2", kind=OrgKind.ROOT, parent=None)


def test_rename_keeps_history(tree):
    services.org_unit_rename(unit=tree.x, name="Chi bộ thôn Đông Thượng")
    event = OrgUnitEvent.objects.filter(unit=tree.x, kind="renamed").get()
    assert event.data == {"from": "Chi bộ thôn Đông", "to": "Chi bộ thôn Đông Thượng"}


def test_move_rewrites_the_whole_subtree(tree):
    services.org_unit_move(unit=tree.c1, new_parent=tree.d2)
    c1, x, y = (OrgUnit.objects.get(pk=u.pk) for u in (tree.c1, tree.x, tree.y))
    assert c1.parent_id == tree.d2.pk
    assert x.path == f"{tree.root.pk}.{tree.d2.pk}.{tree.c1.pk}.{tree.x.pk}." and x.depth == 3
    assert y.path.startswith(c1.path)
    counts = {row.unit.code: row.members for row in unit_children_with_counts(OrgUnit.objects.get(pk=tree.d2.pk))}
    assert counts == {"C1": 5, "Z": 2}
    assert OrgUnitEvent.objects.filter(unit=tree.c1, kind="moved", data__to="D2").exists()


def test_move_into_own_subtree_is_refused(tree):
    with pytest.raises(ValidationError, match="chính nó"):
        services.org_unit_move(unit=tree.d1, new_parent=tree.x)


def test_merge_moves_members_with_history_and_closes_the_old_cell(tree):
    ids = [m.pk for m in tree.members["Y"]]
    restructure.org_unit_merge(source=tree.y, target=tree.x)
    y = OrgUnit.objects.get(pk=tree.y.pk)
    assert y.valid_to is not None and y.merged_into_id == tree.x.pk  # closed, not deleted
    assert set(Member.objects.filter(pk__in=ids).values_list("cell_id", flat=True)) == {tree.x.pk}
    transfers = MemberTransfer.objects.filter(member_id__in=ids)
    assert transfers.count() == 2 and {t.from_cell_id for t in transfers} == {tree.y.pk}
    assert OrgUnitEvent.objects.filter(unit=tree.y, kind="merged", data__members_moved=2).exists()
    with pytest.raises(ValidationError, match="đang hoạt động"):
        restructure.org_unit_merge(source=y, target=tree.x)


def test_merge_of_committees_moves_children(tree):
    restructure.org_unit_merge(source=tree.d2, target=tree.d1)
    z = OrgUnit.objects.get(pk=tree.z.pk)
    assert z.parent_id == tree.d1.pk and z.path.startswith(tree.d1.path)
    assert OrgUnit.objects.get(pk=tree.d2.pk).valid_to is not None


def test_split_assigns_every_member_once(tree):
    a, b, c = tree.members["X"]
    with pytest.raises(ValidationError, match="đúng một"):
        restructure.org_unit_split(
            unit=tree.x,
            parts=[
                {"code": "X1", "name": "Đông 1", "members": [a.pk]},
                {"code": "X2", "name": "Đông 2", "members": [b.pk]},
            ],
        )
    new = restructure.org_unit_split(
        unit=tree.x,
        parts=[
            {"code": "X1", "name": "Chi bộ Đông 1", "members": [a.pk, b.pk]},
            {"code": "X2", "name": "Chi bộ Đông 2", "members": [c.pk]},
        ],
    )
    assert [u.parent_id for u in new] == [tree.c1.pk, tree.c1.pk]
    assert Member.objects.get(pk=c.pk).cell_id == new[1].pk
    assert OrgUnit.objects.get(pk=tree.x.pk).valid_to is not None
    assert MemberTransfer.objects.filter(from_cell=tree.x).count() == 3


def test_children_counts_use_constant_queries(tree, django_assert_num_queries):
    with django_assert_num_queries(3):
        rows = unit_children_with_counts(tree.root)
    assert {(r.unit.code, r.members, r.cells) for r in rows} == {("D1", 5, 2), ("D2", 2, 1)}
