"""Members import: the Regulation 339 columns (names or codes of the official lists), kept as they are when a
file has no such column, explained when wrong; a status changed by the file leaves a dated history row."""

import pytest
from django.utils import timezone

from core.imports.models import ImportKind, ImportStatus
from core.imports.profile_values import education_value
from core.members.models import Member, MemberStatusChange
from tests.core.imports.helpers import MEMBER_HEADER, csv_text, member_row, messages

MEMBERS = ImportKind.MEMBERS
PROFILE_HEADER = [
    *MEMBER_HEADER,
    "Dân tộc",
    "Tôn giáo",
    "Quê quán",
    "Nơi ở hiện nay",
    "Trình độ văn hoá",
    "Chuyên môn, nghiệp vụ",
    "Lý luận chính trị",
    "Nghề nghiệp",
    "Nơi làm việc",
]


def profile_row(card: str, *profile: str, **over: str) -> list[str]:
    return [*member_row(card, **over), *profile]


AN = (
    "Mường",
    "Không",
    "Xã Yên Phong, Yên Mô",
    "Thôn Đông",
    "12/12",
    "Đại học",
    "Trung cấp",
    "Giáo viên",
    "Trường THCS",
)
BINH = ("02", "Thiên Chúa giáo", "", "", "9/12", "ths", "cao cấp lý luận chính trị", "", "")


def test_profile_columns_by_name_or_code(tree, run_import):
    job = run_import(MEMBERS, csv_text(PROFILE_HEADER, [profile_row("01000001", *AN), profile_row("01000002", *BINH)]))
    assert job.status == ImportStatus.DONE, job.errors
    an = Member.objects.get(party_card_number="01000001")
    assert (an.ethnicity, an.religion, an.education, an.qualification, an.theory) == (
        "06",
        "00",
        "upper_secondary",
        "bachelor",
        "intermediate",
    )
    assert (an.hometown, an.residence, an.occupation, an.workplace) == (
        "Xã Yên Phong, Yên Mô",
        "Thôn Đông",
        "Giáo viên",
        "Trường THCS",
    )
    binh = Member.objects.get(party_card_number="01000002")
    assert (binh.ethnicity, binh.religion, binh.education, binh.qualification, binh.theory) == (
        "02",
        "02",
        "lower_secondary",
        "master",
        "advanced",
    )
    again = run_import(
        MEMBERS, csv_text(PROFILE_HEADER, [profile_row("01000001", *AN), profile_row("01000002", *BINH)])
    )
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)


def test_a_file_without_the_columns_keeps_what_was_recorded(tree, run_import):
    run_import(MEMBERS, csv_text(PROFILE_HEADER, [profile_row("01000001", *AN)]))
    job = run_import(MEMBERS, csv_text(MEMBER_HEADER, [member_row("01000001", phone="0987000111")]))
    assert (job.updated, job.unchanged) == (1, 0)
    an = Member.objects.get(party_card_number="01000001")
    assert an.phone == "0987000111" and an.ethnicity == "06" and an.workplace == "Trường THCS"
    new = run_import(MEMBERS, csv_text(MEMBER_HEADER, [member_row("01000009")]))
    assert new.inserted == 1 and Member.objects.get(party_card_number="01000009").ethnicity == ""


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (0, "Sao Hỏa", "Dân tộc không có trong danh mục 54 dân tộc"),
        (1, "Tôn giáo mới", "Tôn giáo không có trong danh mục"),
        (4, "13/12", "Giáo dục phổ thông: 12/12"),
        (5, "Thạc sĩ kinh tế chính trị học", "Chuyên môn chỉ nhận"),
        (6, "Cao cấp lắm", "Lý luận chính trị chỉ nhận"),
        (2, "x" * 201, "Dài quá 200 ký tự"),
    ],
)
def test_bad_profile_values_are_explained_and_nothing_is_written(tree, run_import, column, value, message):
    profile = list(AN)
    profile[column] = value
    job = run_import(MEMBERS, csv_text(PROFILE_HEADER, [profile_row("01000001", *profile)]))
    assert job.status == ImportStatus.FAILED and not Member.objects.exists()
    assert any(message in text for text in messages(job)), messages(job)
    assert job.errors[0]["column"] == PROFILE_HEADER[len(MEMBER_HEADER) + column]


def test_education_notation_of_the_records():
    assert [education_value(v) for v in ("5/12", "6/12", "9/12", "10/12", "4/10", "7/10", "10/10", "THCS")] == [
        "primary",
        "lower_secondary",
        "lower_secondary",
        "upper_secondary",
        "primary",
        "lower_secondary",
        "upper_secondary",
        "lower_secondary",
    ]


def test_a_status_changed_by_the_file_is_kept_as_history(tree, run_import):
    run_import(MEMBERS, csv_text(MEMBER_HEADER, [member_row("01000001"), member_row("01000002")]))
    assert not MemberStatusChange.objects.exists()  # the first import is the baseline
    job = run_import(
        MEMBERS,
        csv_text(
            MEMBER_HEADER, [member_row("01000001", status="Miễn sinh hoạt", reason="Tuổi cao"), member_row("01000002")]
        ),
    )
    assert (job.updated, job.unchanged) == (1, 1)
    (row,) = MemberStatusChange.objects.all()
    assert (row.event, row.status_before, row.status_after, row.exempt_reason) == (
        "imported",
        "official",
        "exempt",
        "age",
    )
    assert row.on == timezone.localdate() and row.member.party_card_number == "01000001"
