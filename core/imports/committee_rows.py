"""Committee seat file rows: read and check each row on its own (unit code, card, position, dates) and refuse
a (unit, card) pair that the file already named. Checks against the database are in committee_import.py."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from core.imports.columns import COMMITTEE_COLUMNS, Header, find_header
from core.imports.reading import Table
from core.imports.report import ErrorSink, ImportResult
from core.imports.values import POSITION, POSITION_HELP, BadValue, card_value, choice, date_value, text


@dataclass(frozen=True)
class SeatRow:
    number: int
    unit_code: str
    card: str
    position: str
    started_on: dt.date | None  # None = today for a new seat, unchanged for an existing one
    ended_on: dt.date | None  # None = an open seat


@dataclass
class CommitteeFile:
    header: Header
    rows: list[SeatRow]  # rows without errors of their own, in file order


class _RowReader:
    def __init__(self, header: Header, errors: ErrorSink) -> None:
        self.header, self.errors = header, errors
        self.today = timezone.localdate()

    def _bad(self, number: int, field: str, value: Any, message: str) -> None:
        self.errors.add(number, self.header.column(field), value, message)

    def row(self, number: int, values: list[Any]) -> tuple[SeatRow, bool]:
        """The row's values and whether it has errors (recorded)."""

        def get(field: str) -> Any:
            position = self.header.index.get(field)
            return values[position] if position is not None and position < len(values) else None

        before = self.errors.count
        code = text(get("unit_code"))
        if not code:
            self._bad(number, "unit_code", get("unit_code"), "Thiếu mã tổ chức.")
        elif len(code) > 32:
            self._bad(number, "unit_code", get("unit_code"), "Mã tổ chức dài quá 32 ký tự.")
        card = ""
        try:
            card = card_value(get("party_card_number"))
        except BadValue as exc:
            self._bad(number, "party_card_number", get("party_card_number"), str(exc))
        position = ""
        if not text(get("position")):
            self._bad(number, "position", get("position"), POSITION_HELP.replace("chỉ nhận", "bắt buộc, nhận"))
        else:
            try:
                position = choice(get("position"), POSITION, POSITION_HELP)
            except BadValue as exc:
                self._bad(number, "position", get("position"), str(exc))
        started = self._date(number, get("started_on"), "started_on", "Từ ngày")
        ended = self._date(number, get("ended_on"), "ended_on", "Đến ngày")
        if started and ended and ended < started:
            self._bad(number, "ended_on", get("ended_on"), "Đến ngày không được trước từ ngày.")
        return SeatRow(number, code, card, position, started, ended), self.errors.count != before

    def _date(self, number: int, raw: Any, field: str, label: str) -> dt.date | None:
        try:
            value = date_value(raw)
        except BadValue as exc:
            self._bad(number, field, raw, str(exc))
            return None
        if value is not None and value > self.today:
            self._bad(number, field, raw, f"{label} không được sau hôm nay.")
            return None
        return value


def read_committee_file(table: Table, result: ImportResult) -> CommitteeFile | None:
    """All rows of the file (a committee file is small: a few seats per party organisation)."""
    with table.reading():
        header = find_header(table.rows, COMMITTEE_COLUMNS, result.errors)
        if header is None:
            result.errors.fatal = True
            return None
        reader = _RowReader(header, result.errors)
        rows: list[SeatRow] = []
        first: dict[tuple[str, str], int] = {}
        for number, values in table.rows:
            if not any(v not in (None, "") for v in values):
                continue
            result.total += 1
            row, has_errors = reader.row(number, values)
            key = (row.unit_code, row.card)
            if row.unit_code and row.card:
                if key in first:
                    message = (
                        f"Đảng viên “{row.card}” ở tổ chức “{row.unit_code}” trùng với dòng {first[key]} trong tệp."
                    )
                    result.errors.add(number, header.column("party_card_number"), row.card, message)
                    has_errors = True
                else:
                    first[key] = number
            if has_errors:
                result.rejected += 1
            else:
                rows.append(row)
    if result.total == 0:
        result.errors.file_error("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    return CommitteeFile(header=header, rows=rows)
