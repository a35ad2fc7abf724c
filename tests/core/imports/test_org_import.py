"""Org tree import: parents in any order, moves with history, idempotency, every kind of bad row, modes."""

import datetime as dt

import pytest

from core.imports.models import ImportKind, ImportMode, ImportStatus
from core.members.models import Member
from core.org.models import OrgUnit, OrgUnitEvent
from tests.core.imports.helpers import csv_text, member_row, members_csv, messages, xlsx_bytes

ORG = ImportKind.ORG
HEADER = ["Mã", "Tên", "Loại", "Mã cấp trên", "Hiệu lực từ"]


def org_csv(rows: list[list[str]]) -> str:
    return csv_text(HEADER, rows)


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def assert_paths_consistent() -> None:
    for u in OrgUnit.objects.select_related("parent"):
        expected = f"{u.parent.path if u.parent else ''}{u.pk}."
        assert u.path == expected and u.depth == expected.count(".") - 1, u.code


NEW_TREE = [
    ["CB9", "Chi bộ thôn Đông", "Chi bộ", "X9", "01/03/2015"],
    ["T9", "Tổ đảng số 1", "Tổ đảng", "CB9", ""],
    ["X9", "Đảng bộ xã Minh Phú", "Xã", "H9", ""],
    ["H9", "Đảng bộ huyện Sóc Sơn", "huyện", "", "2008-01-01"],
]


def test_parents_later_in_the_file_and_an_automatic_root(in_alpha, run_import):
    job = run_import(ORG, org_csv(NEW_TREE))
    assert job.status == ImportStatus.DONE, job.errors
    assert (job.inserted, job.updated, job.unchanged) == (4, 0, 0)
    root = OrgUnit.objects.get(kind="root")
    assert root.name == "Đảng bộ tỉnh Alpha" and root.parent is None
    assert unit("H9").parent == root and unit("X9").parent == unit("H9")
    assert unit("T9").path == f"{root.pk}.{unit('H9').pk}.{unit('X9').pk}.{unit('CB9').pk}.{unit('T9').pk}."
    assert (unit("T9").depth, unit("T9").kind, unit("H9").kind) == (4, "party_group", "district")
    assert unit("CB9").valid_from == dt.date(2015, 3, 1) and unit("X9").valid_from is not None
    created = OrgUnitEvent.objects.filter(kind="created", unit=unit("CB9")).get()
    assert created.data["parent"] == "X9" and created.data["import_job"] == job.pk
    assert_paths_consistent()


def test_reimport_changes_nothing(in_alpha, run_import):
    run_import(ORG, org_csv(NEW_TREE))
    before = (list(OrgUnit.objects.values_list("pk", "path", "name")), OrgUnitEvent.objects.count())
    again = run_import(ORG, org_csv(NEW_TREE))
    assert (again.inserted, again.updated, again.unchanged, again.status) == (0, 0, 4, ImportStatus.DONE)
    assert (list(OrgUnit.objects.values_list("pk", "path", "name")), OrgUnitEvent.objects.count()) == before


def test_moving_a_parent_rewrites_the_subtree_and_keeps_history(tree, run_import):
    Member.objects.create(
        party_card_number="1", full_name="A", date_of_birth=dt.date(1960, 1, 1), sex="male",
        admitted_on=dt.date(1990, 1, 1), cell=tree["CB1"], status="official",
    )  # fmt: skip
    job = run_import(ORG, org_csv([["X1", "Đảng bộ xã Một (đổi tên)", "xã", "D2", ""]]))
    assert (job.inserted, job.updated) == (0, 1), job.errors
    moved = unit("X1")
    assert moved.parent == tree["D2"] and moved.name == "Đảng bộ xã Một (đổi tên)"
    assert unit("T1").path == f"{tree['D2'].path}{moved.pk}.{tree['CB2'].pk}.{tree['T1'].pk}."
    assert_paths_consistent()
    kinds = dict(OrgUnitEvent.objects.filter(unit=moved).values_list("kind", "data"))
    assert kinds["moved"]["from"] == "D1" and kinds["moved"]["to"] == "D2"
    assert kinds["renamed"]["to"] == "Đảng bộ xã Một (đổi tên)"
    assert Member.objects.get().cell == tree["CB1"]


def test_moved_units_and_new_children_in_one_file(tree, run_import):
    rows = [
        ["CB3", "Chi bộ mới", "chi bộ", "X2", ""],
        ["X2", "Xã mới", "xã", "D2", ""],
        ["CB2", "Đơn vị CB2", "Chi bộ", "X2", ""],
    ]
    job = run_import(ORG, org_csv(rows))
    assert (job.inserted, job.updated, job.status) == (2, 1, ImportStatus.DONE), job.errors
    assert unit("CB2").parent == unit("X2") and unit("T1").path.startswith(unit("X2").path)
    assert_paths_consistent()


BAD_ORG_ROWS = [
    ([["A1", "Xã A", "xã", "KHONGCO", ""]], "Mã cấp trên", "Không tìm thấy mã cấp trên “KHONGCO”"),
    ([["A1", "Xã A", "xã", "D1", ""], ["A1", "Xã B", "xã", "D1", ""]], "Mã", "trùng với dòng 3"),
    ([["A1", "Xã A", "hợp tác xã", "D1", ""]], "Loại", "Loại tổ chức không hợp lệ"),
    ([["A1", "Xã A", "xã", "D1", "32/13/2020"]], "Hiệu lực từ", "Ngày không tồn tại"),
    ([["A1", "", "xã", "D1", ""]], "Tên", "Thiếu tên tổ chức"),
    ([["A1", "Chi bộ A", "chi bộ", "CB1", ""]], "Loại", "Dưới chi bộ “CB1” chỉ có tổ đảng"),
    ([["A1", "Tổ A", "tổ đảng", "X1", ""]], "Mã cấp trên", "Tổ đảng phải trực thuộc một chi bộ"),
    ([["A1", "Tổ A", "tổ đảng", "T1", ""]], "Mã cấp trên", "Tổ đảng không có tổ chức cấp dưới"),
    ([["A1", "Tỉnh khác", "tỉnh", "", ""]], "Loại", "chỉ có một đảng bộ gốc"),
    ([["A1", "Xã A", "xã", "A1", ""]], "Mã cấp trên", "trùng với chính mã"),
    ([["A1", "Xã A", "xã", "A2", ""], ["A2", "Xã B", "xã", "A1", ""]], "Mã cấp trên", "Vòng lặp cấp trên"),
    ([["D1", "Đơn vị D1", "huyện", "X1", ""]], "Mã cấp trên", "Vòng lặp cấp trên: D1 → X1 → D1"),
]


@pytest.mark.parametrize(("rows", "column", "message"), BAD_ORG_ROWS)
def test_each_kind_of_bad_org_row_is_reported_and_nothing_is_written(tree, run_import, rows, column, message):
    before = list(OrgUnit.objects.values_list("pk", "code", "path", "name"))
    job = run_import(ORG, org_csv([["OK1", "Xã hợp lệ", "xã", "D1", ""], *rows]))
    assert job.status == ImportStatus.FAILED
    assert any(message in m for m in messages(job)), job.errors
    assert next(e for e in job.errors if message in e["message"])["column"] == column
    assert list(OrgUnit.objects.values_list("pk", "code", "path", "name")) == before


def test_a_cell_with_members_cannot_become_another_kind(tree, run_import):
    run_import(ImportKind.MEMBERS, members_csv([member_row("01000001")]))
    job = run_import(ORG, org_csv([["CB1", "Đơn vị CB1", "xã", "X1", ""]]))
    assert job.status == ImportStatus.FAILED and "đang có đảng viên" in messages(job)[0]


def test_valid_only_skips_bad_rows_and_their_new_children(tree, run_import):
    rows = [
        ["A1", "Xã A", "xã", "KHONGCO", ""],
        ["A1.CB", "Chi bộ A", "chi bộ", "A1", ""],
        ["B1", "Xã B", "xã", "D2", ""],
    ]
    job = run_import(ORG, org_csv(rows), mode=ImportMode.VALID_ONLY)
    assert job.status == ImportStatus.DONE
    assert (job.inserted, job.rejected) == (1, 2)
    assert job.errors[1]["row"] == 3 and "“A1” (dòng 2) có lỗi" in job.errors[1]["message"]
    assert OrgUnit.objects.filter(code="B1").exists() and not OrgUnit.objects.filter(code__startswith="A1").exists()


def test_org_dry_run_writes_nothing(in_alpha, run_import):
    job = run_import(ORG, org_csv(NEW_TREE), dry_run=True)
    assert (job.status, job.inserted) == (ImportStatus.DONE, 4)
    assert not OrgUnit.objects.exists() and not OrgUnitEvent.objects.exists()


def test_org_xlsx_with_vietnamese_headers(in_alpha, run_import):
    rows: list[list[object]] = [
        ["H1", "Đảng bộ huyện Một", "Đảng bộ huyện", None, dt.datetime(2008, 8, 1)],
        [101, "Xã 101", "Xã", "H1", None],
    ]
    job = run_import(ORG, xlsx_bytes(["MÃ", "Tên tổ chức", "loại", "mã cấp trên", "hiệu lực từ"], rows), "to-chuc.xlsx")
    assert job.status == ImportStatus.DONE, job.errors
    assert unit("101").parent == unit("H1") and unit("H1").valid_from == dt.date(2008, 8, 1)
