"""Members import guards that no test pinned down before `make mutation ARGS=imports` (docs/guides/mutation.md):
an existing member outside the importer's scope, blank lines, files larger than one COPY chunk, the actor on the
history rows, rejected-row counts and the dry run's counts on a mixed file."""

import datetime as dt

from core.access.models import Role, RoleGrant
from core.imports import member_import
from core.imports.models import ImportKind, ImportMode, ImportStatus
from core.members.models import Member, MemberStatusChange, MemberTransfer
from tests.core.imports.helpers import member_row, members_csv, messages

MEMBERS = ImportKind.MEMBERS


def _existing(card: str, cell) -> Member:
    return Member.objects.create(
        party_card_number=card,
        full_name="Đảng viên có sẵn",
        date_of_birth=dt.date(1970, 1, 1),
        sex="male",
        admitted_on=dt.date(1995, 1, 1),
        cell=cell,
        status="official",
    )


def test_a_narrow_importer_cannot_pull_in_a_member_of_another_cell(tree, run_import, django_user_model):
    user = django_user_model.objects.create_user("bi_thu_cb1")
    RoleGrant.objects.create(user=user, role=Role.ORG_DEPARTMENT, unit=tree["CB1"])
    outside = _existing("01000009", tree["CB2"])
    _existing("01000008", tree["CB1"])
    content = members_csv([member_row("01000008", phone="0900000008"), member_row("01000009", cell="CB1")])
    job = run_import(MEMBERS, content, actor=user, mode=ImportMode.VALID_ONLY)
    assert job.status == ImportStatus.DONE
    assert (job.updated, job.rejected) == (1, 1)
    assert job.errors == [
        {
            "row": 3,
            "column": "Số thẻ đảng",
            "value": "01000009",
            "message": "Đảng viên này đang sinh hoạt ở chi bộ ngoài phạm vi quyền của bạn.",
        }
    ]
    outside.refresh_from_db()
    assert outside.cell == tree["CB2"]  # not moved into the importer's cell
    assert Member.objects.get(party_card_number="01000008").phone == "0900000008"  # in scope: updated


def test_a_blank_line_in_the_middle_does_not_end_the_file(tree, run_import):
    content = members_csv(
        [member_row("01000001"), ["", "", "", "", "", "", "", "", "", "", "", ""], member_row("01000002")]
    )
    job = run_import(MEMBERS, content)
    assert (job.status, job.total_rows, job.inserted) == (ImportStatus.DONE, 2, 2)


def test_a_file_larger_than_one_copy_chunk_is_loaded_whole(tree, run_import, monkeypatch):
    monkeypatch.setattr(member_import, "CHUNK_ROWS", 2)
    cards = [f"0100001{i}" for i in range(5)]
    job = run_import(MEMBERS, members_csv([member_row(card) for card in cards]))
    assert (job.status, job.inserted) == (ImportStatus.DONE, 5)
    assert set(Member.objects.values_list("party_card_number", flat=True)) == set(cards)


def test_cell_and_status_changes_name_the_importer(tree, run_import, django_user_model):
    admin = django_user_model.objects.create_superuser("quan_tri_nhap", "qt@alpha.vn", "x")
    run_import(MEMBERS, members_csv([member_row("01000001")]), actor=admin)
    run_import(MEMBERS, members_csv([member_row("01000001", cell="CB2", status="Từ trần")]), actor=admin)
    member = Member.objects.get(party_card_number="01000001")
    transfer = MemberTransfer.objects.get(member=member)
    change = MemberStatusChange.objects.get(member=member)
    assert (transfer.actor, change.actor) == (admin, admin)
    assert change.note == "Nhập dữ liệu từ tệp"


def test_every_rejected_row_is_counted(tree, run_import):
    content = members_csv(
        [member_row("01000001"), member_row("01000002", cell="NOPE"), member_row("01000003", cell="X")]
    )
    job = run_import(MEMBERS, content, mode=ImportMode.VALID_ONLY)
    assert (job.inserted, job.rejected, job.total_rows) == (1, 2, 3)


def test_a_dry_run_on_a_mixed_file_counts_each_kind(tree, run_import):
    run_import(MEMBERS, members_csv([member_row("01000001"), member_row("01000002")]))
    mixed = members_csv([member_row("01000001"), member_row("01000002", phone="0900000002"), member_row("01000003")])
    job = run_import(MEMBERS, mixed, dry_run=True)
    assert (job.inserted, job.updated, job.unchanged) == (1, 1, 1)


def test_a_file_with_only_a_header_says_so(tree, run_import):
    job = run_import(MEMBERS, members_csv([]))
    assert job.status == ImportStatus.FAILED
    assert [e["message"] for e in job.errors] == ["Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."]


def test_a_long_file_name_is_cut_to_fit_the_transfer_reason(tree, run_import):
    """The transfer reason quotes the file name (services.py); a 200-character name must not make the move fail:
    the reason is cut to the column's 200 characters."""
    run_import(MEMBERS, members_csv([member_row("01000001")]))
    filename = "danh-sach-dang-vien-" + "x" * 190 + ".csv"
    job = run_import(MEMBERS, members_csv([member_row("01000001", cell="CB2")]), filename=filename)
    assert (job.status, job.updated) == (ImportStatus.DONE, 1)
    reason = MemberTransfer.objects.get(member__party_card_number="01000001").reason
    assert len(reason) == 200 and reason.startswith("Nhập dữ liệu từ tệp “danh-sach-dang-vien-xxx")


def test_a_file_that_breaks_half_way_reports_why(tree, run_import):
    """A CSV whose header and first rows read well but a later field passes the reader's 1 MiB field limit: the job
    fails with the reader's reason (not an empty message) and writes nothing."""
    content = members_csv([member_row("01000001")]) + '"' + "x" * 1_100_000 + '"\n'
    job = run_import(MEMBERS, content)
    assert job.status == ImportStatus.FAILED
    assert len(messages(job)) == 1 and messages(job)[0].startswith("Tệp CSV sai định dạng")
    assert not Member.objects.filter(party_card_number="01000001").exists()


def test_an_unreadable_file_is_reported_in_the_result(tmp_path, in_alpha):
    """import_members itself (without the upload checks of import_job_create) names the problem of a file it
    cannot open."""
    path = tmp_path / "danh-sach.txt"
    path.write_text("Số thẻ đảng\n01000001\n")
    result = member_import.import_members(
        path, "danh-sach.txt", mode=ImportMode.ALL_OR_NOTHING, dry_run=False, scopes=["1."],
        progress=lambda percent, label: None, on_written=lambda result: None,
    )  # fmt: skip
    assert result.errors.fatal
    expected = "Không nhận tệp “danh-sach.txt”: chỉ nhận tệp .csv hoặc .xlsx."
    assert [e["message"] for e in result.errors.items] == [expected]
