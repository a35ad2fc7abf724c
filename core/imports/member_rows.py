"""Validate one member row and turn it into a line of PostgreSQL COPY text (the hot path of the import)."""

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from core.access.checks import ANY
from core.imports.columns import Header
from core.imports.member_fast import FastRows, copy_line
from core.imports.profile_values import PROFILE_COLUMNS
from core.imports.report import ErrorSink
from core.imports.values import (
    EXEMPT_REASON,
    SEX,
    STATUS,
    BadValue,
    bool_value,
    card_value,
    choice,
    citizen_id_value,
    date_value,
    phone_value,
    text,
    vi_label,
)
from core.members.models import MemberStatus
from core.org.models import MEMBER_HOLDING_KINDS, OrgKind, OrgUnit

# Columns of the temporary table, in COPY order.
COPY_COLUMNS = (
    "row_no",
    "party_card_number",
    "full_name",
    "name_folded",
    "date_of_birth",
    "sex",
    "admitted_on",
    "official_on",
    "cell_id",
    "citizen_id",
    "phone",
    "status",
    "exempt_reason",
    "has_smartphone",
    *PROFILE_COLUMNS,
)
_HOLDING = frozenset(str(k) for k in MEMBER_HOLDING_KINDS)
_KIND_LABELS = {str(k.value): vi_label(k.label) for k in OrgKind}
STATUS_HELP = "Trạng thái chỉ nhận: Dự bị, Chính thức, Miễn sinh hoạt, Đi làm ăn xa, Đã chuyển đi, Từ trần."


@dataclass(frozen=True)
class Cell:
    id: int
    kind: str
    open: bool
    path: str


def load_cells() -> dict[str, Cell]:
    """Every org unit by code (one query): members may only go to open cells and party groups."""
    rows = OrgUnit.objects.values_list("code", "pk", "kind", "valid_to", "path")
    return {code: Cell(pk, kind, valid_to is None, path) for code, pk, kind, valid_to, path in rows}


class MemberRows:
    """Checks rows against the header's columns; `line()` returns COPY text or None (errors recorded)."""

    def __init__(self, header: Header, cells: dict[str, Cell], errors: ErrorSink, scopes: list[str]) -> None:
        self.header, self.cells, self.errors = header, cells, errors
        self.scopes = None if ANY in scopes else tuple(scopes)
        self.col = {name: header.column(name) for name in header.index} | {
            "exempt_reason": header.column("exempt_reason")
            if "exempt_reason" in header.index
            else header.column("status")
        }
        self.idx = header.index
        self.width = max(header.index.values()) + 1
        self.today = timezone.localdate()
        self._cell_ok: dict[str, int] = {}
        self.fast = FastRows(self, header.index, self.width)

    def _bad(self, number: int, field: str, value: Any, message: str) -> None:
        self.errors.add(number, self.col[field], value, message)

    def _get(self, values: list[Any], field: str) -> Any:
        position = self.idx.get(field)
        return None if position is None else values[position]

    def line(self, number: int, values: list[Any]) -> str | None:
        """COPY text of a valid row; None when the row has errors (they are recorded)."""
        if len(values) < self.width:
            values = list(values) + [None] * (self.width - len(values))
        return self.fast.line(number, values) or self._checked_line(number, values)

    def _checked_line(self, number: int, values: list[Any]) -> str | None:
        before = self.errors.count
        card = self._card(number, values)
        name = self._name(number, values)
        dob, admitted, official = self._dates(number, values)
        sex = self._choice(number, values, "sex", SEX, "Giới tính chỉ nhận: Nam / Nữ.", required=True)
        status = self._choice(number, values, "status", STATUS, STATUS_HELP, required=True)
        reason = self._reason(number, values, status)
        cell_id = self._cell(number, values)
        citizen_id = self._optional(number, values, "citizen_id", citizen_id_value)
        phone = self._optional(number, values, "phone", phone_value)
        smartphone = self._smartphone(number, values)
        profile = self.fast.profile.checked(values, lambda field, raw, message: self._bad(number, field, raw, message))
        if self.errors.count != before or dob is None or admitted is None:
            return None
        return copy_line(
            number, card, name, dob, sex, admitted, official, cell_id, citizen_id, phone, status, reason, smartphone,
            profile,
        )  # fmt: skip

    def _card(self, number: int, values: list[Any]) -> str:
        raw = self._get(values, "party_card_number")
        try:
            return card_value(raw)
        except BadValue as exc:
            self._bad(number, "party_card_number", raw, str(exc))
            return ""

    def _name(self, number: int, values: list[Any]) -> str:
        raw = self._get(values, "full_name")
        name = " ".join(unicodedata.normalize("NFC", text(raw)).split())
        if not name:
            self._bad(number, "full_name", raw, "Thiếu họ và tên.")
        elif len(name) > 120:
            self._bad(number, "full_name", raw, "Họ và tên dài quá 120 ký tự.")
        return name

    def _date(self, number: int, values: list[Any], field: str, label: str, required: bool) -> dt.date | None:
        raw = self._get(values, field)
        try:
            value = date_value(raw)
        except BadValue as exc:
            self._bad(number, field, raw, str(exc))
            return None
        if value is None and required:
            self._bad(number, field, raw, f"Thiếu {label}.")
        elif value is not None and value > self.today:
            self._bad(number, field, raw, f"{label.capitalize()} không được sau hôm nay.")
            return None
        return value

    def _dates(self, number: int, values: list[Any]) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
        dob = self._date(number, values, "date_of_birth", "ngày sinh", True)
        admitted = self._date(number, values, "admitted_on", "ngày vào Đảng", True)
        official = self._date(number, values, "official_on", "ngày chính thức", False)
        if dob and admitted and admitted <= dob:
            self._bad(number, "admitted_on", self._get(values, "admitted_on"), "Ngày vào Đảng phải sau ngày sinh.")
        if admitted and official and official < admitted:
            self._bad(
                number,
                "official_on",
                self._get(values, "official_on"),
                "Ngày chính thức không được trước ngày vào Đảng.",
            )
        return dob, admitted, official

    def _choice(
        self, number: int, values: list[Any], field: str, table: dict[str, str], message: str, required: bool
    ) -> str:
        raw = self._get(values, field)
        if not text(raw):
            if required:
                self._bad(number, field, raw, message.replace("chỉ nhận", "bắt buộc, nhận"))
            return ""
        try:
            return choice(raw, table, message)
        except BadValue as exc:
            self._bad(number, field, raw, str(exc))
            return ""

    def _reason(self, number: int, values: list[Any], status: str) -> str:
        raw = self._get(values, "exempt_reason")
        reason = self._choice(
            number, values, "exempt_reason", EXEMPT_REASON, "Lý do miễn chỉ nhận: tuổi cao, sức khoẻ, khác.", False
        )
        if status == MemberStatus.EXEMPT and not text(raw):
            self._bad(
                number, "exempt_reason", raw, "Đảng viên miễn sinh hoạt phải có lý do miễn (tuổi cao/sức khoẻ/khác)."
            )
        elif status and status != MemberStatus.EXEMPT and reason:
            self._bad(number, "exempt_reason", raw, "Chỉ ghi lý do miễn khi trạng thái là “Miễn sinh hoạt”.")
        return reason

    def cell_id_for(self, code: str) -> int | None:
        """The id of an open cell/party group within the user's scope; None otherwise (no error recorded)."""
        known = self._cell_ok.get(code)
        if known is not None:
            return known
        cell = self.cells.get(code)
        if cell is None or cell.kind not in _HOLDING or not cell.open:
            return None
        if self.scopes is not None and not cell.path.startswith(self.scopes):
            return None
        self._cell_ok[code] = cell.id
        return cell.id

    def _cell(self, number: int, values: list[Any]) -> int:
        raw = self._get(values, "cell_code")
        code = text(raw)
        found = self.cell_id_for(code)
        if found is not None:
            return found
        cell = self.cells.get(code)
        if not code:
            message = "Thiếu mã chi bộ."
        elif cell is None:
            message = f"Không tìm thấy chi bộ có mã “{code}”."
        elif cell.kind not in _HOLDING:
            message = f"“{code}” là {_KIND_LABELS.get(cell.kind, cell.kind)}, không phải chi bộ hoặc tổ đảng."
        elif not cell.open:
            message = f"Chi bộ “{code}” đã giải thể hoặc sáp nhập."
        else:
            message = f"Bạn không có quyền nhập đảng viên vào chi bộ “{code}”."
        self._bad(number, "cell_code", raw, message)
        return 0

    def _optional(self, number: int, values: list[Any], field: str, parse: Any) -> str:
        raw = self._get(values, field)
        if raw is None or raw == "":
            return ""
        try:
            return str(parse(raw)) if text(raw) else ""
        except BadValue as exc:
            self._bad(number, field, raw, str(exc))
            return ""

    def _smartphone(self, number: int, values: list[Any]) -> bool:
        if "has_smartphone" not in self.idx:
            return True  # column absent: the model's default
        raw = self._get(values, "has_smartphone")
        try:
            return bool_value(raw)
        except BadValue as exc:
            self._bad(number, "has_smartphone", raw, str(exc))
            return False
