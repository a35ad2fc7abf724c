"""Committee seats import (cấp ủy viên): one row = one member's seat on one party organisation's committee.

The file is read and checked row by row first (committee_rows.py); then, in one transaction that holds the
seats table against concurrent appointments, every row is checked against the database and turned into a plan:

- a row without "Đến ngày" is an open seat: the member's open seat on that committee is kept (same
  position: unchanged) or updated (other position, or another "Từ ngày"); without one a seat is added;
- a row with "Đến ngày" ends the open seat on that date, or matches the seat that already ended that day
  (re-import: unchanged), or records a past term (history).

Seats that are added or stay open follow the rules of `committee_seat_add` (core/members/committee.py: the
unit has a committee, the member is active and belongs to the unit's subtree); ending a seat follows
`committee_seat_end` (not before it started), so the seat of a member who has since moved away or died can
still be closed. The importer's IMPORTS_RUN scope must cover the unit.

Nothing is ever deleted, so importing the same file again changes nothing. The plan is written with two
statements plus the caller's `on_written` hook (job row and one audit row).
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.access.checks import ANY
from core.imports.committee_rows import CommitteeFile, SeatRow, read_committee_file
from core.imports.models import ImportMode
from core.imports.reading import Progress, read_whole_file
from core.imports.report import ErrorSink, ImportResult
from core.imports.values import vi_label
from core.members.committee import committee_unit_problem, seat_member_problem
from core.members.models import CommitteeSeat, Member, MemberStatus
from core.org.models import OrgUnit

CHUNK = 5_000


@dataclass(frozen=True)
class UnitInfo:
    id: int
    kind: str
    open: bool
    path: str


@dataclass(frozen=True)
class MemberInfo:
    id: int
    status: str
    cell_path: str


@dataclass
class Seat:
    id: int | None  # None = to be inserted
    unit_id: int
    member_id: int
    position: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass
class SeatPlan:
    inserts: list[Seat] = field(default_factory=list)
    updates: list[Seat] = field(default_factory=list)
    unchanged: int = 0


def _chunks[T: (str, int)](items: Iterable[T]) -> Iterator[list[T]]:
    ordered = sorted(set(items))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _load_units(codes: Iterable[str]) -> dict[str, UnitInfo]:
    """The units the file names (a committee file names a few hundred; the tree may hold tens of thousands)."""
    found: dict[str, UnitInfo] = {}
    for chunk in _chunks(codes):
        rows = OrgUnit.objects.filter(code__in=chunk).values_list("code", "pk", "kind", "valid_to", "path")
        found.update({code: UnitInfo(pk, kind, valid_to is None, path) for code, pk, kind, valid_to, path in rows})
    return found


def _load_members(cards: Iterable[str]) -> dict[str, MemberInfo]:
    found: dict[str, MemberInfo] = {}
    for chunk in _chunks(cards):
        rows = Member.objects.filter(party_card_number__in=chunk).values_list(
            "party_card_number", "pk", "status", "cell__path"
        )
        found.update({card: MemberInfo(pk, status, path) for card, pk, status, path in rows})
    return found


def _load_seats(member_ids: Iterable[int]) -> dict[tuple[int, int], list[Seat]]:
    """Every seat (open and ended) of these members, by (unit id, member id)."""
    seats: dict[tuple[int, int], list[Seat]] = {}
    for chunk in _chunks(member_ids):
        rows = CommitteeSeat.objects.filter(member_id__in=chunk).order_by("pk")
        for pk, unit_id, member_id, position, started, ended in rows.values_list(
            "pk", "unit_id", "member_id", "position", "started_on", "ended_on"
        ):
            seats.setdefault((unit_id, member_id), []).append(Seat(pk, unit_id, member_id, position, started, ended))
    return seats


def _lock_seats() -> None:
    """Appointments and ends of seats from the pages wait for the import (and vice versa)."""
    table = connection.ops.quote_name(CommitteeSeat._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


class SeatPlanner:
    """Checks the file's rows against the database and decides, per row, insert / update / unchanged."""

    def __init__(self, file: CommitteeFile, result: ImportResult, scopes: list[str]) -> None:
        self.file, self.result = file, result
        self.scopes = None if ANY in scopes else tuple(scopes)
        self.today = timezone.localdate()
        self.units = _load_units(row.unit_code for row in file.rows)
        self.members = _load_members(row.card for row in file.rows)
        self.seats = _load_seats(m.id for m in self.members.values())
        self.plan = SeatPlan()

    def _error(self, row: SeatRow, field: str, value: Any, message: str) -> None:
        self.result.errors.add(row.number, self.file.header.column(field), value, message)

    def make(self) -> SeatPlan:
        for row in self.file.rows:
            before = self.result.errors.count
            self._row(row)
            if self.result.errors.count != before:
                self.result.rejected += 1
        return self.plan

    def _row(self, row: SeatRow) -> None:
        unit = self._unit(row)
        member = self.members.get(row.card)
        if member is None:
            self._error(row, "party_card_number", row.card, f"Không tìm thấy đảng viên có số thẻ đảng “{row.card}”.")
        if unit is None or member is None:
            return
        seats = self.seats.get((unit.id, member.id), [])
        open_seat = next((s for s in seats if s.ended_on is None), None)
        if row.ended_on is None:
            if self._member_may_sit(row, unit, member):
                self._open(row, unit, member, open_seat)
        elif open_seat is not None:
            self._close(row, open_seat)
        else:
            self._past(row, unit, member, seats)

    def _unit(self, row: SeatRow) -> UnitInfo | None:
        unit = self.units.get(row.unit_code)
        code = row.unit_code
        if unit is None:
            self._error(row, "unit_code", code, f"Không tìm thấy tổ chức có mã “{code}”.")
            return None
        problem = committee_unit_problem(kind=unit.kind, is_open=unit.open)
        if problem == "party_group":
            self._error(row, "unit_code", code, f"“{code}” là tổ đảng, không có cấp ủy.")
        elif problem is not None:
            self._error(row, "unit_code", code, f"Tổ chức “{code}” đã giải thể hoặc sáp nhập, không còn cấp ủy.")
        elif self.scopes is not None and not unit.path.startswith(self.scopes):
            self._error(row, "unit_code", code, f"Bạn không có quyền nhập cấp ủy của tổ chức “{code}”.")
        else:
            return unit
        return None

    def _member_may_sit(self, row: SeatRow, unit: UnitInfo, member: MemberInfo) -> bool:
        """committee_seat_add's rule: an active member of the unit or of one of its sub-organisations."""
        problem = seat_member_problem(unit_path=unit.path, status=member.status, cell_path=member.cell_path)
        if problem == "gone":
            status = vi_label(MemberStatus(member.status).label)
            message = f"Đảng viên “{row.card}” có trạng thái “{status}”, không thể là cấp ủy viên."
        elif problem is not None:
            message = (
                f"Đảng viên “{row.card}” không sinh hoạt trong “{row.unit_code}” hoặc tổ chức trực thuộc; "
                "cấp ủy viên phải là đảng viên của tổ chức này."
            )
        else:
            return True
        self._error(row, "party_card_number", row.card, message)
        return False

    def _keep_or_update(self, seat: Seat, row: SeatRow) -> None:
        new_start = row.started_on or seat.started_on
        if (seat.position, seat.started_on, seat.ended_on) == (row.position, new_start, row.ended_on):
            self.plan.unchanged += 1
            return
        seat.position, seat.started_on, seat.ended_on = row.position, new_start, row.ended_on
        self.plan.updates.append(seat)

    def _open(self, row: SeatRow, unit: UnitInfo, member: MemberInfo, open_seat: Seat | None) -> None:
        if open_seat is not None:
            self._keep_or_update(open_seat, row)
            return
        start = row.started_on or self.today
        self.plan.inserts.append(Seat(None, unit.id, member.id, row.position, start, None))

    def _close(self, row: SeatRow, open_seat: Seat) -> None:
        """committee_seat_end's rule: a seat does not end before it started."""
        assert row.ended_on is not None
        start = row.started_on or open_seat.started_on
        if row.ended_on < start:
            message = f"Đến ngày trước ngày bắt đầu giữ chức vụ đang ghi nhận ({start:%d/%m/%Y})."
            self._error(row, "ended_on", row.ended_on, message)
            return
        self._keep_or_update(open_seat, row)

    def _past(self, row: SeatRow, unit: UnitInfo, member: MemberInfo, seats: list[Seat]) -> None:
        """A term that already ended: the seat that ended that day (re-import), or a new history seat."""
        assert row.ended_on is not None
        same_day = [s for s in seats if s.ended_on == row.ended_on]
        if same_day:
            exact = [s for s in same_day if s.position == row.position and row.started_on in (None, s.started_on)]
            self._keep_or_update((exact or same_day)[0], row)
            return
        if row.started_on is None and row.ended_on < self.today:
            message = (
                f"Thiếu từ ngày: đảng viên “{row.card}” không đang giữ chức vụ cấp ủy ở “{row.unit_code}” để kết "
                "thúc; muốn ghi một nhiệm kỳ đã qua, cần ghi cả từ ngày."
            )
            self._error(row, "started_on", "", message)
            return
        if self._member_may_sit(row, unit, member):
            start = row.started_on or self.today
            self.plan.inserts.append(Seat(None, unit.id, member.id, row.position, start, row.ended_on))


def _write(plan: SeatPlan) -> None:
    table = connection.ops.quote_name(CommitteeSeat._meta.db_table)
    if plan.updates:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} s SET position = v.position, started_on = v.started_on, ended_on = v.ended_on "
                "FROM unnest(%s::bigint[], %s::varchar[], %s::date[], %s::date[]) AS v(id, position, started_on, "
                "ended_on) WHERE s.id = v.id",
                [
                    [s.id for s in plan.updates],
                    [s.position for s in plan.updates],
                    [s.started_on for s in plan.updates],
                    [s.ended_on for s in plan.updates],
                ],
            )
    CommitteeSeat.objects.bulk_create(
        [
            CommitteeSeat(
                unit_id=s.unit_id,
                member_id=s.member_id,
                position=s.position,
                started_on=s.started_on,
                ended_on=s.ended_on,
            )
            for s in plan.inserts
        ],
        batch_size=2_000,
    )


def import_committee(
    path: Path,
    filename: str,
    *,
    mode: str,
    dry_run: bool,
    scopes: list[str],
    progress: Progress,
    on_written: Callable[[ImportResult], None],
) -> ImportResult:
    result = ImportResult(errors=ErrorSink(), dry_run=dry_run)
    progress(1, "Đang đọc tệp")
    seat_file = read_whole_file(path, filename, result, read_committee_file)
    if seat_file is None:
        return result
    progress(40, "Đang đối chiếu với tổ chức và đảng viên")
    with transaction.atomic():
        if not dry_run:
            _lock_seats()
        plan = SeatPlanner(seat_file, result, scopes).make()
        accepted = len(plan.inserts) + len(plan.updates) + plan.unchanged
        if (result.errors and mode == ImportMode.ALL_OR_NOTHING) or not accepted:
            return result
        result.loaded = True
        result.inserted, result.updated, result.unchanged = len(plan.inserts), len(plan.updates), plan.unchanged
        if dry_run:
            return result
        progress(70, "Đang ghi cấp ủy viên")
        _write(plan)
        progress(95, "Đang hoàn tất")
        on_written(result)
    return result
