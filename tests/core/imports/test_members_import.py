"""Members import: values, Vietnamese headers (CSV and XLSX), every kind of bad row, modes, dry run, idempotency."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from billing_free.models import Plan
from billing_free.plans import forget_plans
from core.audit.models import AuditEvent
from core.imports.models import ImportKind, ImportMode, ImportStatus
from core.members.models import Member, MemberTransfer
from tests.core.imports.helpers import MEMBER_HEADER, csv_text, member_row, members_csv, messages, xlsx_bytes

MEMBERS = ImportKind.MEMBERS


def two_members() -> str:
    return members_csv(
        [
            member_row("01000001"),
            member_row(
                "01000002",
                name="Trần Thị Bích  Ngọc",
                sex="Nữ",
                dob="1979-11-24",
                admitted="19/05/2005",
                official="",
                cell="T1",
                cccd="",
                phone="",
                status="Miễn sinh hoạt",
                reason="Sức khỏe",
                smart="không",
            ),
        ]
    )


def test_members_are_created_with_clean_values_and_one_audit_row(tree, run_import):
    job = run_import(MEMBERS, two_members())
    assert job.status == ImportStatus.DONE, job.errors
    assert (job.total_rows, job.inserted, job.updated, job.unchanged, job.rejected) == (2, 2, 0, 0, 0)
    an = Member.objects.get(party_card_number="01000001")
    assert (an.full_name, an.name_folded, an.sex, an.status) == ("Nguyễn Văn An", "nguyen van an", "male", "official")
    assert (an.date_of_birth, an.official_on) == (dt.date(1960, 5, 12), dt.date(1986, 2, 3))
    assert an.cell == tree["CB1"] and an.phone == "0912345678" and an.citizen_id == "001060004321"
    assert an.has_smartphone and an.updated_at is not None
    ngoc = Member.objects.get(party_card_number="01000002")
    assert ngoc.full_name == "Trần Thị Bích Ngọc" and ngoc.name_folded == "tran thi bich ngoc"
    assert (ngoc.status, ngoc.exempt_reason, ngoc.has_smartphone) == ("exempt", "health", False)
    assert ngoc.official_on is None and ngoc.cell == tree["T1"]
    audit = AuditEvent.objects.filter(action="imports.members")
    assert audit.count() == 1
    assert audit.get().changes["inserted"] == 2 and audit.get().target_id == str(job.pk)


def test_reimporting_the_same_file_changes_nothing(tree, run_import):
    run_import(MEMBERS, two_members())
    stamps = dict(Member.objects.values_list("party_card_number", "updated_at"))
    again = run_import(MEMBERS, two_members())
    assert (again.inserted, again.updated, again.unchanged, again.status) == (0, 0, 2, ImportStatus.DONE)
    assert dict(Member.objects.values_list("party_card_number", "updated_at")) == stamps


def test_changed_rows_are_updated_and_a_cell_change_keeps_its_history(tree, run_import):
    run_import(MEMBERS, two_members())
    changed = members_csv([member_row("01000001", phone="0987000111", cell="CB2")])
    job = run_import(MEMBERS, changed)
    assert (job.inserted, job.updated, job.unchanged) == (0, 1, 0)
    an = Member.objects.get(party_card_number="01000001")
    assert an.phone == "0987000111" and an.cell == tree["CB2"]
    transfer = MemberTransfer.objects.get(member=an)
    assert (transfer.from_cell, transfer.to_cell) == (tree["CB1"], tree["CB2"])
    assert f"#{job.pk}" in transfer.reason


def test_semicolon_csv_with_bom_and_unaccented_headers(tree, run_import):
    header = [
        "so the dang",
        "HO VA TEN",
        "ngay sinh",
        "gioi tinh",
        "ngay vao dang",
        "ngay chinh thuc",
        "ma chi bo",
        "so cccd",
        "dien thoai",
        "trang thai",
    ]
    content = "\ufeff" + csv_text(header, [member_row("01000009")[:10]], sep=";")
    job = run_import(MEMBERS, content)
    assert job.status == ImportStatus.DONE, job.errors
    assert Member.objects.get(party_card_number="01000009").has_smartphone  # column absent: default


def test_xlsx_with_vietnamese_headers_real_dates_and_numbers(tree, run_import):
    rows = [
        ["01000010", "Lê Quang Huy", dt.datetime(1992, 8, 30), "Nam", dt.date(2019, 12, 22), None, "CB2",
         1092008765, 868123456, "Dự bị", None, "x"],
    ]  # fmt: skip
    job = run_import(MEMBERS, xlsx_bytes(MEMBER_HEADER, rows), "dang-vien.xlsx")
    assert job.status == ImportStatus.DONE, job.errors
    huy = Member.objects.get(party_card_number="01000010")
    assert (huy.date_of_birth, huy.admitted_on, huy.official_on) == (dt.date(1992, 8, 30), dt.date(2019, 12, 22), None)
    assert (huy.citizen_id, huy.phone, huy.status) == ("001092008765", "0868123456", "probationary")
    again = run_import(MEMBERS, xlsx_bytes(MEMBER_HEADER, rows), "dang-vien.xlsx")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)


def test_title_rows_above_the_header_are_skipped_and_row_numbers_stay_true(tree, run_import):
    content = "DANH SÁCH ĐẢNG VIÊN\n\n" + members_csv([member_row("01000011", dob="31/02/1970")])
    job = run_import(MEMBERS, content)
    assert job.errors[0]["row"] == 4 and job.errors[0]["column"] == "Ngày sinh"


BAD_ROWS = [
    ({"cell": "NOPE"}, "Mã chi bộ", "Không tìm thấy chi bộ có mã “NOPE”"),
    ({"cell": "X1"}, "Mã chi bộ", "không phải chi bộ hoặc tổ đảng"),
    ({"dob": "31/02/1970"}, "Ngày sinh", "Ngày không tồn tại"),
    ({"dob": "12-5-70"}, "Ngày sinh", "Năm phải có 4 chữ số"),
    ({"dob": ""}, "Ngày sinh", "Thiếu ngày sinh"),
    ({"admitted": "hôm qua"}, "Ngày vào Đảng", "Ngày không hợp lệ"),
    ({"admitted": "01/01/2099"}, "Ngày vào Đảng", "không được sau hôm nay"),
    ({"admitted": "01/01/1950"}, "Ngày vào Đảng", "phải sau ngày sinh"),
    ({"official": "01/01/1980"}, "Ngày chính thức", "không được trước ngày vào Đảng"),
    ({"phone": "091234567"}, "Điện thoại", "10 chữ số"),
    ({"phone": "1912345678"}, "Điện thoại", "bắt đầu bằng 0"),
    ({"cccd": "12345"}, "Số CCCD", "đúng 12 chữ số"),
    ({"status": "Miễn sinh hoạt", "reason": ""}, "Lý do miễn", "phải có lý do miễn"),
    ({"reason": "Tuổi cao"}, "Lý do miễn", "Chỉ ghi lý do miễn khi"),
    ({"reason": "bận", "status": "Miễn sinh hoạt"}, "Lý do miễn", "Lý do miễn chỉ nhận"),
    ({"sex": "khác"}, "Giới tính", "Nam / Nữ"),
    ({"status": "nghỉ"}, "Trạng thái", "Trạng thái chỉ nhận"),
    ({"smart": "có lẽ"}, "Có điện thoại thông minh", "có / không"),
    ({"name": "  "}, "Họ và tên", "Thiếu họ và tên"),
    ({"card": "01 0000#1"}, "Số thẻ đảng", "Số thẻ đảng không hợp lệ"),
]


@pytest.mark.parametrize(("change", "column", "message"), BAD_ROWS)
def test_each_kind_of_bad_value_is_reported_and_nothing_is_written(tree, run_import, change, column, message):
    job = run_import(MEMBERS, members_csv([member_row("01000001"), member_row(**({"card": "01000002"} | change))]))
    assert job.status == ImportStatus.FAILED
    assert (job.inserted, job.rejected) == (0, 1)
    assert any(message in m for m in messages(job)), job.errors
    error = next(e for e in job.errors if message in e["message"])
    assert (error["row"], error["column"]) == (3, column)
    assert not Member.objects.exists()


def test_duplicate_party_card_in_the_file_points_to_the_first_row(tree, run_import):
    job = run_import(MEMBERS, members_csv([member_row("01000001"), member_row("01000001", name="Người Khác")]))
    assert job.status == ImportStatus.FAILED
    assert job.errors == [
        {"row": 3, "column": "Số thẻ đảng", "value": "01000001", "message": "Số thẻ đảng trùng với dòng 2 trong tệp."}
    ]


def test_missing_required_columns_are_named(tree, run_import):
    job = run_import(MEMBERS, csv_text(["Họ và tên", "Ngày sinh"], [["An", "01/01/1960"]]))
    assert job.status == ImportStatus.FAILED
    missing = {e["column"] for e in job.errors}
    assert {"Số thẻ đảng", "Mã chi bộ", "Trạng thái"} <= missing
    assert all(e["row"] == 1 and e["message"].startswith("Thiếu cột bắt buộc") for e in job.errors)


def test_valid_only_loads_the_good_rows_and_reports_the_rest(tree, run_import):
    content = members_csv(
        [member_row("01000001"), member_row("01000002", cell="NOPE"), member_row("01000003"), member_row("01000001")]
    )
    strict = run_import(MEMBERS, content)
    assert strict.status == ImportStatus.FAILED and not Member.objects.exists()
    lenient = run_import(MEMBERS, content, mode=ImportMode.VALID_ONLY)
    assert lenient.status == ImportStatus.DONE
    assert (lenient.inserted, lenient.rejected, lenient.error_count) == (2, 2, 2)
    assert set(Member.objects.values_list("party_card_number", flat=True)) == {"01000001", "01000003"}


def test_dry_run_reports_counts_and_writes_nothing(tree, run_import):
    job = run_import(MEMBERS, two_members(), dry_run=True)
    assert job.status == ImportStatus.DONE and job.inserted == 2
    assert "Chạy thử" in job.progress_label
    assert not Member.objects.exists()
    assert not AuditEvent.objects.filter(action="imports.members").exists()
    run_import(MEMBERS, two_members())
    changed = run_import(MEMBERS, members_csv([member_row("01000001", phone="0900000000")]), dry_run=True)
    assert (changed.inserted, changed.updated) == (0, 1)
    assert Member.objects.get(party_card_number="01000001").phone == "0912345678"


def test_quota_is_checked_before_writing(tree, run_import):
    Plan.objects.filter(code="thi-diem").update(max_members=1)  # alpha is on the default (pilot) plan
    forget_plans()
    job = run_import(MEMBERS, two_members())
    assert job.status == ImportStatus.FAILED
    assert "Vượt hạn mức" in messages(job)[0]
    assert not Member.objects.exists()


def test_importer_with_a_narrow_grant_cannot_write_outside_it(tree, run_import, django_user_model):
    from core.access.models import Role, RoleGrant

    user = django_user_model.objects.create_user("bantochuc_d2")
    RoleGrant.objects.create(user=user, role=Role.ORG_DEPARTMENT, unit=tree["D2"])
    job = run_import(MEMBERS, members_csv([member_row("01000001")]), actor=user)
    assert job.status == ImportStatus.FAILED
    assert "không có quyền" in messages(job)[0]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("So the dang,Ho va ten\n01,Ánh\n".encode("cp1252"), "x.csv", "không ở mã UTF-8"),
        ("Số thẻ đảng\n".encode("utf-16"), "x.csv", "UTF-16"),
        (b"PK not really a workbook", "x.xlsx", "bị hỏng"),
        (b"\xd0\xcf\x11\xe0", "x.xls", ".xls"),
        (b"", "x.csv", "rỗng"),
        (b"hello", "x.txt", "chỉ nhận tệp .csv hoặc .xlsx"),
    ],
)
def test_unreadable_files_are_refused_before_a_job_is_queued(tree, run_import, content, filename, message):
    from core.imports.models import ImportJob

    with pytest.raises(ValidationError) as refused:
        run_import(MEMBERS, content, filename)
    assert message in " ".join(refused.value.messages)
    assert not ImportJob.objects.exists()


def test_names_with_quotes_commas_and_backslashes_survive_the_copy(tree, run_import):
    name = 'Nguyễn "Út", Văn \\ Ba'
    job = run_import(MEMBERS, members_csv([member_row("01000001", name=name)]))
    assert job.status == ImportStatus.DONE, job.errors
    member = Member.objects.get()
    assert member.full_name == name and member.name_folded == 'nguyen "ut", van \\ ba'
    assert run_import(MEMBERS, members_csv([member_row("01000001", name=name)])).unchanged == 1
