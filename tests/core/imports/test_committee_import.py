"""Committee seats import: positions and dates, every kind of bad row, modes, dry run, repeat imports, scopes,
tenant isolation."""

import datetime as dt

import pytest
from django.utils import timezone

from core.access.models import Role, RoleGrant
from core.audit.models import AuditEvent
from core.imports.models import ImportKind, ImportMode, ImportStatus
from core.imports.services import import_job_create, import_job_run
from core.members.committee import committee_of
from core.members.models import CommitteeSeat
from tests.core.imports.helpers import committee_csv, csv_text, messages, seat_row, xlsx_bytes
from tests.helpers import in_tenant

COMMITTEE = ImportKind.COMMITTEE


def seats() -> set[tuple[str, str, str, dt.date, dt.date | None]]:
    rows = CommitteeSeat.objects.values_list(
        "unit__code", "member__party_card_number", "position", "started_on", "ended_on"
    )
    return set(rows)


def x1_committee() -> str:
    """X1's committee with every position written a different way, a term that ended, and two more units."""
    return committee_csv(
        [
            seat_row("X1", "01000001", "Bí thư", "15/10/2020"),
            seat_row("X1", "01000003", "pho bi thu", "2020-10-15"),
            seat_row("X1", "01000004", "UỶ VIÊN BAN THƯỜNG VỤ", "15/10/2020"),
            seat_row("X1", "01000002", "member", "01/07/2015", "15/10/2020"),
            seat_row("CB1", "01000002", "secretary", "01/03/2021"),
            seat_row("D1", "01000003", "Cấp ủy viên"),
        ]
    )


def test_seats_are_created_with_every_position_and_history_and_one_audit_row(seat_members, tree, run_import):
    job = run_import(COMMITTEE, x1_committee())
    assert job.status == ImportStatus.DONE, job.errors
    assert (job.total_rows, job.inserted, job.updated, job.unchanged, job.rejected) == (6, 6, 0, 0, 0)
    today = timezone.localdate()
    assert seats() == {
        ("X1", "01000001", "secretary", dt.date(2020, 10, 15), None),
        ("X1", "01000003", "deputy", dt.date(2020, 10, 15), None),
        ("X1", "01000004", "standing", dt.date(2020, 10, 15), None),
        ("X1", "01000002", "member", dt.date(2015, 7, 1), dt.date(2020, 10, 15)),
        ("CB1", "01000002", "secretary", dt.date(2021, 3, 1), None),
        ("D1", "01000003", "member", today, None),
    }
    assert [s.member.party_card_number for s in committee_of(tree["X1"])] == ["01000001", "01000003", "01000004"]
    audit = AuditEvent.objects.filter(action="imports.committee")
    assert audit.count() == 1
    assert audit.get().target_id == str(job.pk) and audit.get().changes["inserted"] == 6
    assert not AuditEvent.objects.filter(action__startswith="members.committee_seat_").exists()


def test_reimporting_the_same_file_changes_nothing(seat_members, run_import):
    run_import(COMMITTEE, x1_committee())
    before = set(CommitteeSeat.objects.values_list("pk", "unit_id", "member_id", "position", "started_on", "ended_on"))
    again = run_import(COMMITTEE, x1_committee())
    assert (again.status, again.inserted, again.updated, again.unchanged) == (ImportStatus.DONE, 0, 0, 6)
    after = set(CommitteeSeat.objects.values_list("pk", "unit_id", "member_id", "position", "started_on", "ended_on"))
    assert after == before


def test_a_new_position_updates_the_open_seat(seat_members, run_import):
    run_import(COMMITTEE, x1_committee())
    seat = CommitteeSeat.objects.get(unit__code="X1", member__party_card_number="01000003", ended_on=None)
    job = run_import(COMMITTEE, committee_csv([seat_row("X1", "01000003", "Cấp ủy viên"), seat_row("X1", "01000001")]))
    assert (job.inserted, job.updated, job.unchanged) == (0, 1, 1)
    seat.refresh_from_db()
    assert (seat.position, seat.started_on, seat.ended_on) == ("member", dt.date(2020, 10, 15), None)
    assert CommitteeSeat.objects.filter(unit__code="X1", member__party_card_number="01000003").count() == 1


def test_an_end_date_closes_the_open_seat_and_stays_closed_on_reimport(seat_members, tree, run_import):
    run_import(COMMITTEE, x1_committee())
    ending = committee_csv([seat_row("X1", "01000001", "Bí thư", "", "30/06/2025")])
    job = run_import(COMMITTEE, ending)
    assert (job.status, job.inserted, job.updated) == (ImportStatus.DONE, 0, 1)
    seat = CommitteeSeat.objects.get(unit__code="X1", member__party_card_number="01000001")
    assert (seat.started_on, seat.ended_on) == (dt.date(2020, 10, 15), dt.date(2025, 6, 30))
    assert "01000001" not in [s.member.party_card_number for s in committee_of(tree["X1"])]
    again = run_import(COMMITTEE, ending)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    reappointed = run_import(COMMITTEE, committee_csv([seat_row("X1", "01000001", "Phó Bí thư", "01/07/2025")]))
    assert reappointed.inserted == 1
    assert CommitteeSeat.objects.filter(unit__code="X1", member__party_card_number="01000001").count() == 2


def test_an_end_date_before_the_open_seat_started_is_refused(seat_members, run_import):
    run_import(COMMITTEE, x1_committee())
    job = run_import(COMMITTEE, committee_csv([seat_row("X1", "01000001", "Bí thư", "", "01/01/2019")]))
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "row": 2,
            "column": "Đến ngày",
            "value": "01/01/2019",
            "message": "Đến ngày trước ngày bắt đầu giữ chức vụ đang ghi nhận (15/10/2020).",
        }
    ]
    assert CommitteeSeat.objects.get(unit__code="X1", member__party_card_number="01000001").ended_on is None


BAD_ROWS = [
    (seat_row(unit="NOPE"), "Mã tổ chức", "Không tìm thấy tổ chức có mã “NOPE”."),
    (seat_row(unit="T1", card="01000004"), "Mã tổ chức", "“T1” là tổ đảng, không có cấp ủy."),
    (seat_row(unit="CB3"), "Mã tổ chức", "Tổ chức “CB3” đã giải thể hoặc sáp nhập, không còn cấp ủy."),
    (seat_row(unit=""), "Mã tổ chức", "Thiếu mã tổ chức."),
    (seat_row(card="09999999"), "Số thẻ đảng", "Không tìm thấy đảng viên có số thẻ đảng “09999999”."),
    (seat_row(card=""), "Số thẻ đảng", "Thiếu số thẻ đảng."),
    (seat_row(card="01#0001"), "Số thẻ đảng", "Số thẻ đảng không hợp lệ"),
    (
        seat_row(unit="CB2", card="01000001"),
        "Số thẻ đảng",
        "Đảng viên “01000001” không sinh hoạt trong “CB2” hoặc tổ chức trực thuộc; cấp ủy viên phải là đảng viên "
        "của tổ chức này.",
    ),
    (seat_row(card="01000005"), "Số thẻ đảng", "Đảng viên “01000005” có trạng thái “Đã chuyển đi”, không thể là"),
    (seat_row(card="01000006"), "Số thẻ đảng", "Đảng viên “01000006” có trạng thái “Từ trần”, không thể là"),
    (
        seat_row(card="01000006", start="01/01/2015", end="01/01/2018"),
        "Số thẻ đảng",
        "có trạng thái “Từ trần”",
    ),
    (
        seat_row(position="Chủ tịch"),
        "Chức vụ",
        "Chức vụ chỉ nhận: Bí thư, Phó Bí thư, Ủy viên Ban Thường vụ, Cấp ủy viên.",
    ),
    (seat_row(position=""), "Chức vụ", "Chức vụ bắt buộc, nhận: Bí thư"),
    (seat_row(start="31/02/2020"), "Từ ngày", "Ngày không tồn tại"),
    (seat_row(start="01/01/2099"), "Từ ngày", "Từ ngày không được sau hôm nay."),
    (seat_row(start="01/01/2021", end="31/12/2020"), "Đến ngày", "Đến ngày không được trước từ ngày."),
    (seat_row(end="01/01/2099"), "Đến ngày", "Đến ngày không được sau hôm nay."),
    (seat_row(end="hôm qua"), "Đến ngày", "Ngày không hợp lệ"),
    (seat_row(end="01/01/2020"), "Từ ngày", "Thiếu từ ngày: đảng viên “01000001” không đang giữ chức vụ cấp ủy"),
]


@pytest.mark.parametrize(("row", "column", "message"), BAD_ROWS)
def test_each_kind_of_bad_row_is_explained_with_its_row_and_nothing_is_written(
    seat_members, run_import, row, column, message
):
    job = run_import(COMMITTEE, committee_csv([seat_row("CB1", "01000002"), row]))
    assert job.status == ImportStatus.FAILED
    assert (job.total_rows, job.inserted, job.rejected) == (2, 0, 1)
    error = next((e for e in job.errors if message in e["message"]), None)
    assert error is not None, job.errors
    assert (error["row"], error["column"]) == (3, column)
    assert not CommitteeSeat.objects.exists()


def test_the_same_member_twice_for_one_unit_points_to_the_first_row(seat_members, run_import):
    content = committee_csv(
        [seat_row("X1", "01000001"), seat_row("CB1", "01000001"), seat_row("X1", "0100 0001", "Phó Bí thư")]
    )
    job = run_import(COMMITTEE, content)
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {
            "row": 4,
            "column": "Số thẻ đảng",
            "value": "01000001",
            "message": "Đảng viên “01000001” ở tổ chức “X1” trùng với dòng 2 trong tệp.",
        }
    ]
    assert not CommitteeSeat.objects.exists()


def test_missing_required_columns_are_named(seat_members, run_import):
    job = run_import(COMMITTEE, csv_text(["Số thẻ đảng", "Từ ngày"], [["01000001", "01/01/2020"]]))
    assert job.status == ImportStatus.FAILED
    assert {e["column"] for e in job.errors} == {"Mã tổ chức", "Chức vụ"}
    assert all(e["message"].startswith("Thiếu cột bắt buộc") for e in job.errors)


def test_valid_only_writes_the_good_rows_and_all_or_nothing_writes_none(seat_members, run_import):
    content = committee_csv(
        [
            seat_row("X1", "01000001"),
            seat_row("NOPE", "01000002"),
            seat_row("CB1", "01000002"),
            seat_row("X1", "01000006"),
        ]
    )
    strict = run_import(COMMITTEE, content)
    assert (strict.status, strict.inserted, strict.error_count) == (ImportStatus.FAILED, 0, 2)
    assert not CommitteeSeat.objects.exists()
    assert not AuditEvent.objects.filter(action="imports.committee", changes__status="done").exists()
    lenient = run_import(COMMITTEE, content, mode=ImportMode.VALID_ONLY)
    assert lenient.status == ImportStatus.DONE
    assert (lenient.inserted, lenient.rejected, lenient.error_count) == (2, 2, 2)
    assert {(u, c) for u, c, *_ in seats()} == {("X1", "01000001"), ("CB1", "01000002")}


def test_dry_run_counts_and_writes_nothing(seat_members, run_import):
    job = run_import(COMMITTEE, x1_committee(), dry_run=True)
    assert (job.status, job.inserted) == (ImportStatus.DONE, 6)
    assert "Chạy thử" in job.progress_label
    assert not CommitteeSeat.objects.exists()
    assert not AuditEvent.objects.filter(action="imports.committee").exists()
    run_import(COMMITTEE, x1_committee())
    changed = run_import(COMMITTEE, committee_csv([seat_row("X1", "01000001", "Cấp ủy viên")]), dry_run=True)
    assert (changed.inserted, changed.updated) == (0, 1)
    assert CommitteeSeat.objects.get(unit__code="X1", member__party_card_number="01000001").position == "secretary"


def test_xlsx_with_unaccented_headers_and_real_dates(seat_members, run_import):
    header = ["MA TO CHUC", "so the dang", "chuc vu", "tu ngay", "den ngay", "ho va ten"]
    rows = [
        ["X1", 1000001, "Bi thu", dt.datetime(2020, 10, 15), None, "ignored"],
        ["X1", "01000002", "Ủy viên", dt.date(2015, 7, 1), dt.date(2020, 10, 15), ""],
    ]
    job = run_import(COMMITTEE, xlsx_bytes(header, rows), "cap-uy.xlsx")
    assert job.status == ImportStatus.FAILED  # Excel turned the card into a number and lost its leading zero
    assert "Không tìm thấy đảng viên có số thẻ đảng “1000001”." in messages(job)
    rows[0][1] = "01000001"
    job = run_import(COMMITTEE, xlsx_bytes(header, rows), "cap-uy.xlsx")
    assert job.status == ImportStatus.DONE, job.errors
    assert seats() == {
        ("X1", "01000001", "secretary", dt.date(2020, 10, 15), None),
        ("X1", "01000002", "member", dt.date(2015, 7, 1), dt.date(2020, 10, 15)),
    }


def test_a_branch_scoped_importer_writes_only_inside_their_branch(seat_members, tree, run_import, django_user_model):
    user = django_user_model.objects.create_user("bantochuc_x1")
    RoleGrant.objects.create(user=user, role=Role.ORG_DEPARTMENT, unit=tree["X1"])
    content = committee_csv([seat_row("X1", "01000001"), seat_row("D1", "01000003"), seat_row("ROOT", "01000002")])
    strict = run_import(COMMITTEE, content, actor=user)
    assert strict.status == ImportStatus.FAILED and not CommitteeSeat.objects.exists()
    assert messages(strict) == [
        "Bạn không có quyền nhập cấp ủy của tổ chức “D1”.",
        "Bạn không có quyền nhập cấp ủy của tổ chức “ROOT”.",
    ]
    lenient = run_import(COMMITTEE, content, actor=user, mode=ImportMode.VALID_ONLY)
    assert (lenient.inserted, lenient.rejected) == (1, 2)
    assert {u for u, *_ in seats()} == {"X1"}
    other = django_user_model.objects.create_user("bantochuc_d2")
    RoleGrant.objects.create(user=other, role=Role.ORG_DEPARTMENT, unit=tree["D2"])
    outside = run_import(COMMITTEE, committee_csv([seat_row("CB1", "01000002")]), actor=other)
    assert outside.status == ImportStatus.FAILED
    assert messages(outside) == ["Bạn không có quyền nhập cấp ủy của tổ chức “CB1”."]


def test_another_tenants_codes_and_cards_are_unknown(seat_members, alpha, beta, tmp_path):
    path = tmp_path / "cap-uy.csv"
    path.write_text(committee_csv([seat_row("X1", "01000001")]), encoding="utf-8")
    with in_tenant(beta):
        job = import_job_create(kind=COMMITTEE, source=path, filename=path.name, actor=None, enqueue=False)
        finished = import_job_run(job_id=job.pk)
        assert finished is not None and finished.status == ImportStatus.FAILED
        assert messages(finished) == [
            "Không tìm thấy tổ chức có mã “X1”.",
            "Không tìm thấy đảng viên có số thẻ đảng “01000001”.",
        ]
        assert not CommitteeSeat.objects.exists()
    with in_tenant(alpha):
        assert not CommitteeSeat.objects.exists()
