"""The export writer and its cell guard, read back the way a spreadsheet reads them (written for the survivors of
`make mutation ARGS=exports`)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports.cells import csv_safe, looks_like_formula, xml_safe
from core.exports.writers import BOM, Sheet, csv_text, csv_write, xlsx_bytes


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "  =1", "\uff1d1", "\uff0b1", "\uff0d1", "\uff201"],
)
def test_every_formula_trigger_is_neutralised(text):
    assert looks_like_formula(text)
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["", "   ", "Nguyễn Văn An", "1=1", "a-b", "0912 345 678"])
def test_ordinary_text_is_left_alone(text):
    assert not looks_like_formula(text)
    assert csv_safe(text) == text


def test_csv_has_a_bom_unless_asked_and_guards_every_cell():
    text = csv_text([["Họ tên", "Ghi chú"], ["An", "=HYPERLINK(1)"], [7, None]])
    assert text.startswith(BOM)
    assert text.removeprefix(BOM).splitlines() == ["Họ tên,Ghi chú", "An,'=HYPERLINK(1)", "7,"]
    assert not csv_text([["a"]], bom=False).startswith(BOM)
    out = io.StringIO()
    csv_write(out, [["a"]])  # the default, used by the import error report: Excel needs the BOM
    assert out.getvalue() == BOM + "a\r\n"
    assert csv_safe(-5) == -5 and csv_safe(None) is None  # numbers are numbers, not formulas


def test_xml_safe_drops_only_what_xlsx_cannot_store():
    assert xml_safe("a\x00b\x08c\x0bd\x1fe\tf\ng\rh") == "abcde\tf\ng\rh"


def test_xlsx_sheets_titles_bold_rows_and_cell_types():
    sheets = [
        Sheet("Danh sách đảng viên của chi bộ thôn Đông năm 2026", [["Họ tên", "Số"], ["=cmd|' /C calc'!A0", 3]], [0]),
        Sheet("", [[dt.date(2026, 1, 2), Decimal("1.5"), True, None, "#N/A", "a\x00b"]]),
    ]
    book = load_workbook(io.BytesIO(xlsx_bytes(sheets)))
    assert book.sheetnames == ["Danh sách đảng viên của chi bộ thôn Đông năm 2026"[:31], "Sheet"]  # no stray sheet
    first, second = book.worksheets
    assert [c.font.bold for c in first[1]] == [True, True] and [c.font.bold for c in first[2]] == [False, False]
    formula = first["A2"]
    assert formula.data_type == "s" and formula.value == "=cmd|' /C calc'!A0" and formula.quotePrefix
    assert first["B2"].value == 3 and first["B2"].data_type == "n" and not first["A1"].quotePrefix
    assert second["A1"].value == dt.datetime(2026, 1, 2) and second["B1"].value == 1.5 and second["C1"].value is True
    assert second["D1"].value is None
    assert second["E1"].data_type == "s" and second["E1"].value == "#N/A"  # text, not an error value
    assert second["F1"].value == "ab"
