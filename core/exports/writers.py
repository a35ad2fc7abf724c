"""CSV and XLSX writing with the formula guard of core/exports/cells.py applied to every cell."""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from core.exports.cells import csv_safe, looks_like_formula, xml_safe

Row = Sequence[object]
BOM = "\ufeff"  # Excel reads a UTF-8 CSV as UTF-8 (Vietnamese letters intact) only with it
_NATIVE = (int, float, Decimal, dt.date, dt.datetime, dt.time, bool)


def csv_write(out: IO[str], rows: Iterable[Row], *, bom: bool = True) -> None:
    """Write `rows` to `out` as CSV (comma, minimal quoting), every cell through `csv_safe`."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])


def csv_text(rows: Iterable[Row], *, bom: bool = True) -> str:
    out = io.StringIO()
    csv_write(out, rows, bom=bom)
    return out.getvalue()


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title (≤ 31 characters in Excel) and its rows; `bold_rows` are 0-based row indexes."""

    title: str
    rows: Iterable[Row]
    bold_rows: Sequence[int] = field(default=())


def _cell_value(cell: Cell, value: object) -> None:
    """Set a cell so that text is always a string cell: never a formula (`<f>`) nor an error value."""
    if value is None or isinstance(value, _NATIVE):
        cell.value = value
        return
    text = xml_safe(str(value))
    cell.value = text
    cell.data_type = "s"  # openpyxl would store "=…" as a formula and "#N/A" as an error
    if looks_like_formula(text):
        cell.quotePrefix = True  # Excel's own "this is text" mark: stays text if the user edits the cell


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook with one worksheet per `Sheet`, in order."""
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    bold = Font(bold=True)
    for spec in sheets:
        sheet = book.create_sheet(xml_safe(spec.title)[:31] or "Sheet")
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c)
                _cell_value(cell, value)
                if r - 1 in spec.bold_rows:
                    cell.font = bold
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
