"""Org file rows: read and check each row on its own (codes, names, kinds, dates, duplicate codes)."""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from core.imports.columns import ORG_COLUMNS, Header, find_header
from core.imports.reading import Table
from core.imports.report import ErrorSink, ImportResult
from core.imports.values import BadValue, date_value, kind_value, text


@dataclass
class OrgRow:
    number: int
    code: str
    name: str
    kind: str
    parent_code: str  # "" = directly under the tenant root
    valid_from: dt.date | None
    raw_parent: Any = None
    raw_kind: Any = None


@dataclass
class OrgFile:
    header: Header
    rows: dict[str, OrgRow]  # code → first row with that code (rows with errors included)
    bad: set[str]  # codes whose own row has errors
    rejected_rows: set[int]  # row numbers not to be loaded (grows as later checks find more)


def _clean_name(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", text(value)).split())


def _row(number: int, values: list[Any], header: Header, errors: ErrorSink) -> tuple[OrgRow, bool]:
    def get(field: str) -> Any:
        position = header.index.get(field)
        return values[position] if position is not None and position < len(values) else None

    def bad(field: str, value: Any, message: str) -> None:
        errors.add(number, header.column(field), value, message)

    before = errors.count
    code = text(get("code"))
    if not code:
        bad("code", get("code"), "Thiếu mã tổ chức.")
    elif len(code) > 32:
        bad("code", get("code"), "Mã tổ chức dài quá 32 ký tự.")
    name = _clean_name(get("name"))
    if not name:
        bad("name", get("name"), "Thiếu tên tổ chức.")
    elif len(name) > 200:
        bad("name", get("name"), "Tên tổ chức dài quá 200 ký tự.")
    kind = ""
    try:
        kind = kind_value(get("kind")) if text(get("kind")) else ""
        if not kind:
            bad("kind", get("kind"), "Thiếu loại tổ chức.")
    except BadValue as exc:
        bad("kind", get("kind"), str(exc))
    parent_code = text(get("parent_code"))
    if parent_code and parent_code == code:
        bad("parent_code", get("parent_code"), "Mã cấp trên trùng với chính mã của tổ chức (vòng lặp).")
    valid_from = None
    try:
        valid_from = date_value(get("valid_from"))
    except BadValue as exc:
        bad("valid_from", get("valid_from"), str(exc))
    row = OrgRow(number, code, name, kind, parent_code, valid_from, get("parent_code"), get("kind"))
    return row, errors.count != before


def read_org_file(table: Table, result: ImportResult) -> OrgFile | None:
    """All rows of the file (an org file is small: tens of thousands of rows at most)."""
    with table.reading():
        header = find_header(table.rows, ORG_COLUMNS, result.errors)
        if header is None:
            result.errors.fatal = True
            return None
        return _read_rows(table, header, result)


def _read_rows(table: Table, header: Header, result: ImportResult) -> OrgFile:
    rows: dict[str, OrgRow] = {}
    bad: set[str] = set()
    rejected_rows: set[int] = set()
    for number, values in table.rows:
        if not any(values):
            continue
        result.total += 1
        row, has_errors = _row(number, values, header, result.errors)
        if has_errors:
            rejected_rows.add(number)
        if not row.code:
            continue
        first = rows.get(row.code)
        if first is not None:
            result.errors.add(
                number, header.column("code"), row.code, f"Mã “{row.code}” trùng với dòng {first.number} trong tệp."
            )
            rejected_rows.add(number)
            continue
        rows[row.code] = row
        if has_errors:
            bad.add(row.code)
    if result.total == 0:
        result.errors.file_error("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    return OrgFile(header=header, rows=rows, bad=bad, rejected_rows=rejected_rows)
