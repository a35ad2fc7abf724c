"""Question import from CSV and XLSX: single and multiple answers, Vietnamese row-level errors, nothing written
while an error remains, only a committee's managers import."""

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from core.audit.models import AuditEvent
from core.study.question_import import questions_import
from core.study.quiz_models import Option, Question, QuestionBank

HEADER = ["Câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Phương án D", "Đáp án"]
GOOD = [
    ["Nghị quyết 57-NQ/TW được ban hành năm nào?", "2023", "2024", "2025", "", "B"],
    ["Những trụ cột nào được nêu?", "Khoa học", "Công nghệ", "Giải trí", "Đổi mới sáng tạo", "A, B, D"],
]


def _csv(tmp_path, rows):
    path = tmp_path / "cau-hoi.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for c in row) for row in rows), encoding="utf-8-sig")
    return path


def _xlsx(tmp_path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "cau-hoi.xlsx"
    book.save(path)
    return path


@pytest.fixture
def empty_bank(tree):
    return QuestionBank.objects.create(unit=tree.d1, name="Ngân hàng huyện")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_imports_single_and_multiple_answer_questions(tree, empty_bank, tmp_path, kind):
    path = (_csv if kind == "csv" else _xlsx)(tmp_path, [HEADER, *GOOD])
    result = questions_import(actor=tree.users["admin_d1"], bank=empty_bank, path=path, filename=path.name)
    assert not result.errors and result.inserted == 2
    first, second = Question.objects.filter(bank=empty_bank).order_by("position")
    assert not first.multiple and [o.text for o in first.options.filter(correct=True)] == ["2024"]
    assert first.options.count() == 3  # the empty D is not an option
    assert second.multiple and sorted(second.options.filter(correct=True).values_list("position", flat=True)) == [
        0,
        1,
        3,
    ]
    assert AuditEvent.objects.filter(action="study.questions_imported").exists()


def test_row_errors_in_vietnamese_and_nothing_written(tree, empty_bank, tmp_path):
    rows = [
        HEADER,
        GOOD[0],
        ["", "a", "b", "", "", "A"],  # row 3: no question
        ["Câu hỏi thiếu đáp án", "a", "b", "", "", ""],  # row 4
        ["Đáp án ngoài phương án", "a", "b", "", "", "D"],  # row 5
        ["Chỉ một phương án", "a", "", "", "", "A"],  # row 6
        ["Phương án trống ở giữa", "a", "", "c", "", "A"],  # row 7
    ]
    path = _csv(tmp_path, rows)
    result = questions_import(actor=tree.users["admin_d1"], bank=empty_bank, path=path, filename=path.name)
    errors = {(e["row"], e["message"]) for e in result.errors.sorted_items()}
    assert (3, "Thiếu nội dung câu hỏi.") in errors
    assert (4, "Thiếu đáp án đúng (ví dụ: A hoặc A, C).") in errors
    assert (5, "Đáp án “D” không ứng với phương án nào.") in errors
    assert (6, "Cần ít nhất hai phương án trả lời.") in errors
    assert (7, "Phương án bị bỏ trống giữa các phương án.") in errors
    assert result.total == 6 and result.rejected == 5 and not result.loaded
    assert not Question.objects.filter(bank=empty_bank).exists() and not Option.objects.exists()


def test_missing_column_and_wrong_file_type(tree, empty_bank, tmp_path):
    path = _csv(tmp_path, [["Câu hỏi", "Phương án A", "Phương án B"], ["x", "a", "b"]])
    result = questions_import(actor=tree.users["admin_d1"], bank=empty_bank, path=path, filename=path.name)
    assert [e["message"] for e in result.errors.sorted_items()] == ["Thiếu cột bắt buộc “Đáp án”."]
    other = tmp_path / "x.txt"
    other.write_text("x")
    result = questions_import(actor=tree.users["admin_d1"], bank=empty_bank, path=other, filename="x.txt")
    assert "chỉ nhận tệp .csv hoặc .xlsx" in result.errors.sorted_items()[0]["message"]


def test_only_managers_of_the_banks_unit_import(tree, empty_bank, tmp_path):
    path = _csv(tmp_path, [HEADER, *GOOD])
    with pytest.raises(PermissionDenied):
        questions_import(actor=tree.users["sec_x"], bank=empty_bank, path=path, filename=path.name)
