"""Import questions into a bank from CSV or XLSX, with the readers and error report of core/imports: one row per
question — "Câu hỏi", "Phương án A" … "Phương án F", "Đáp án" ("A" or "A, C"; more than one letter makes it a
multiple-answer question). Every row is checked first; errors are listed by row and column in Vietnamese and
nothing is written while any remains (a bank with half its questions would draw wrongly)."""

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.access.checks import has_perm_on
from core.access.permissions import STUDY_MANAGE
from core.audit.services import audit_record
from core.imports.columns import ColumnSpec, Header, find_header
from core.imports.reading import Table, read_whole_file
from core.imports.report import ErrorSink, ImportResult
from core.study.quiz_models import Option, Question, QuestionBank

LETTERS = "ABCDEF"
QUESTION_COLUMNS = ColumnSpec(
    fields={
        "text": ("text", "cau hoi", "noi dung cau hoi", "noi dung"),
        **{f"opt_{x}": (f"opt_{x.lower()}", f"phuong an {x}", f"dap an {x}", x) for x in LETTERS},
        "answer": ("answer", "dap an", "dap an dung", "phuong an dung"),
    },
    required=("text", "opt_A", "opt_B", "answer"),
    labels={"text": "Câu hỏi", **{f"opt_{x}": f"Phương án {x}" for x in LETTERS}, "answer": "Đáp án"},
)
MAX_TEXT = 2000

type Parsed = tuple[str, list[str], set[int]]


def _cell(values: list[Any], header: Header, field: str) -> str:
    position = header.index.get(field)
    if position is None or position >= len(values) or values[position] is None:
        return ""
    return str(values[position]).strip()


def _row(number: int, values: list[Any], header: Header, errors: ErrorSink) -> Parsed | None:
    text = _cell(values, header, "text")
    options = [_cell(values, header, f"opt_{x}") for x in LETTERS]
    while options and not options[-1]:
        options.pop()
    answer = _cell(values, header, "answer")
    before = errors.count
    if not text:
        errors.add(number, header.column("text"), "", "Thiếu nội dung câu hỏi.")
    elif len(text) > MAX_TEXT:
        errors.add(number, header.column("text"), text, f"Câu hỏi quá dài (tối đa {MAX_TEXT} ký tự).")
    if len([o for o in options if o]) < 2:
        errors.add(number, "Phương án", "", "Cần ít nhất hai phương án trả lời.")
    for index, option in enumerate(options):
        if not option:
            errors.add(number, header.column(f"opt_{LETTERS[index]}"), "", "Phương án bị bỏ trống giữa các phương án.")
        elif len(option) > 500:
            errors.add(number, header.column(f"opt_{LETTERS[index]}"), option, "Phương án quá dài (tối đa 500 ký tự).")
    letters = [p.strip().upper() for p in answer.replace(";", ",").split(",") if p.strip()]
    if not letters:
        errors.add(number, header.column("answer"), answer, "Thiếu đáp án đúng (ví dụ: A hoặc A, C).")
    correct: set[int] = set()
    for letter in letters:
        if len(letter) != 1 or letter not in LETTERS or LETTERS.index(letter) >= len(options):
            errors.add(number, header.column("answer"), answer, f"Đáp án “{letter}” không ứng với phương án nào.")
        else:
            correct.add(LETTERS.index(letter))
    return (text, options, correct) if errors.count == before else None


def _read(table: Table, result: ImportResult) -> list[Parsed] | None:
    parsed: list[Parsed] = []
    with table.reading():
        header = find_header(table.rows, QUESTION_COLUMNS, result.errors)
        if header is None:
            result.errors.fatal = True
            return None
        for number, values in table.rows:
            if not any(v not in (None, "") for v in values):
                continue
            result.total += 1
            row = _row(number, values, header, result.errors)
            if row is None:
                result.rejected += 1
            else:
                parsed.append(row)
    if result.total == 0:
        result.errors.file_error("Tệp không có câu hỏi nào dưới dòng tiêu đề.")
    return parsed


@transaction.atomic
def questions_import(*, actor: User, bank: QuestionBank, path: Path, filename: str) -> ImportResult:
    if not has_perm_on(actor, STUDY_MANAGE, bank.unit):
        raise PermissionDenied
    result = ImportResult(errors=ErrorSink())
    parsed = read_whole_file(path, filename, result, _read)
    if parsed is None or result.errors:
        return result
    start = Question.objects.filter(bank=bank).order_by("-position").values_list("position", flat=True).first() or 0
    for offset, (text, options, correct) in enumerate(parsed, start=1):
        question = Question.objects.create(bank=bank, text=text, multiple=len(correct) > 1, position=start + offset)
        Option.objects.bulk_create(
            Option(question=question, text=option, correct=i in correct, position=i) for i, option in enumerate(options)
        )
    result.inserted, result.loaded = len(parsed), True
    audit_record(actor=actor, action="study.questions_imported", target=bank, unit=bank.unit,
                 changes={"inserted": result.inserted})  # fmt: skip
    return result
