"""The optimistic path of the member row checks, and the COPY text of a row.

Most rows of a real file are clean: plain text, known codes, dates seen before. `FastRows.line` handles
those with cached lookups and no exceptions; anything unusual returns None and the row goes through the
full checks (core/imports/member_rows.py), which record the errors with their messages.
"""

import datetime as dt
import unicodedata
from operator import itemgetter
from typing import Any, Protocol

from django.utils import timezone

from core.imports.folding import fast_fold
from core.imports.member_profile import ProfileCells
from core.imports.profile_values import PROFILE_COLUMNS
from core.imports.values import EXEMPT_REASON, SEX, STATUS, BadValue, bool_value, choice, date_value
from core.members.models import MemberStatus

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_MISS = object()
EXEMPT = str(MemberStatus.EXEMPT)
NO_PROFILE = ("",) * len(PROFILE_COLUMNS)


def _digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _escape(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def copy_line(
    number: int,
    card: str,
    name: str,
    dob: dt.date,
    sex: str,
    admitted: dt.date,
    official: dt.date | None,
    cell_id: int,
    citizen_id: str,
    phone: str,
    status: str,
    reason: str,
    smartphone: bool,
    profile: tuple[str, ...],
) -> str:
    """One row of COPY text format (tab-separated, \\N for NULL), in the temporary table's column order."""
    official_text = official.isoformat() if official else "\\N"
    return (
        f"{number}\t{_escape(card)}\t{_escape(name)}\t{_escape(fast_fold(name))}\t{dob.isoformat()}\t{sex}\t"
        f"{admitted.isoformat()}\t{official_text}\t{cell_id}\t{citizen_id}\t{phone}\t{status}\t{reason}\t"
        f"{'t' if smartphone else 'f'}\t" + "\t".join(_escape(v) for v in profile)
    )


class CellResolver(Protocol):
    _cell_ok: dict[str, int]

    def cell_id_for(self, code: str) -> int | None: ...


FIELDS = (
    "party_card_number",
    "full_name",
    "date_of_birth",
    "admitted_on",
    "official_on",
    "sex",
    "status",
    "exempt_reason",
    "cell_code",
    "citizen_id",
    "phone",
    "has_smartphone",
)


class FastRows:
    """Clean rows only: plain text cells, values seen before (cached), nothing to report."""

    def __init__(self, cells: CellResolver, index: dict[str, int], width: int) -> None:
        self.cells = cells
        self.cell_ok = cells._cell_ok
        # absent optional columns read the slot appended after the row's last cell (always None)
        self.width = width
        self.get = itemgetter(*(index.get(name, width) for name in FIELDS))
        self.has_smartphone = "has_smartphone" in index
        self.today = timezone.localdate()
        self.dates: dict[Any, Any] = {"": None, None: None}
        self.sex: dict[Any, Any] = {}
        self.status: dict[Any, Any] = {}
        self.reason: dict[Any, Any] = {"": "", None: ""}
        self.smartphone: dict[Any, Any] = {"": False, None: not self.has_smartphone}
        self.profile = ProfileCells(index)

    def _date(self, raw: Any) -> Any:
        """(date, ISO text) for a date cell; None when empty; _MISS when it is not a valid date."""
        try:
            found = date_value(raw)
        except BadValue:
            parsed: Any = _MISS
        else:
            parsed = (found, found.isoformat()) if found is not None else None
        if len(self.dates) < 200_000:
            self.dates[raw] = parsed
        return parsed

    def _learn(self, cache: dict[Any, Any], raw: Any, table: dict[str, str] | None) -> Any:
        found: Any
        try:
            found = bool_value(raw) if table is None else choice(raw, table, "")
        except BadValue:
            found = _MISS
        if len(cache) < 10_000:
            cache[raw] = found
        return found

    def line(self, number: int, values: list[Any]) -> str | None:
        """COPY text for a clean row; None means "check it the slow way" (never records errors)."""
        if len(values) <= self.width:
            values.extend([None] * (self.width + 1 - len(values)))
        card, name, dob, admitted, official, sex, status, reason, code, citizen_id, phone, smart = self.get(values)
        if type(card) is not str or not (0 < len(card) <= 20 and card.isascii() and card.isalnum()):
            return None
        if type(name) is not str or "\\" in name:
            return None
        name = " ".join(name.split())
        if not name.isascii():
            name = unicodedata.normalize("NFC", name)
        if not name or len(name) > 120:
            return None
        dates = self.dates
        dob = dates[dob] if dob in dates else self._date(dob)
        admitted = dates[admitted] if admitted in dates else self._date(admitted)
        official = dates[official] if official in dates else self._date(official)
        if dob is None or admitted is None or dob is _MISS or admitted is _MISS or official is _MISS:
            return None
        if not (dob[0] < admitted[0] <= self.today) or (official and not admitted[0] <= official[0] <= self.today):
            return None
        sex = self.sex[sex] if sex in self.sex else self._learn(self.sex, sex, SEX)
        status = self.status[status] if status in self.status else self._learn(self.status, status, STATUS)
        reason = self.reason[reason] if reason in self.reason else self._learn(self.reason, reason, EXEMPT_REASON)
        if sex is _MISS or status is _MISS or reason is _MISS or (status == EXEMPT) != bool(reason):
            return None
        cell_id = self.cell_ok.get(code) if type(code) is str else None
        if cell_id is None and (type(code) is not str or (cell_id := self.cells.cell_id_for(code)) is None):
            return None
        if citizen_id and not (type(citizen_id) is str and len(citizen_id) == 12 and _digits(citizen_id)):
            return None
        if phone and not (type(phone) is str and len(phone) == 10 and _digits(phone) and phone[0] == "0"):
            return None
        smart = self.smartphone[smart] if smart in self.smartphone else self._learn(self.smartphone, smart, None)
        if smart is _MISS:
            return None
        profile = self.profile.fast(values) if self.profile.present else NO_PROFILE
        if profile is None:
            return None
        return (
            f"{number}\t{card}\t{name}\t{fast_fold(name)}\t{dob[1]}\t{sex}\t{admitted[1]}\t"
            f"{official[1] if official else '\\N'}\t{cell_id}\t{citizen_id or ''}\t{phone or ''}\t{status}\t"
            f"{reason}\t{'t' if smart else 'f'}\t" + "\t".join(profile)
        )
