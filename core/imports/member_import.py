"""Members import at provincial scale: stream the file through Python checks into a TEMP table with COPY,
then one set-based upsert into members_member.

Phases: (1) read + check rows and COPY the valid ones in chunks (autocommit, so progress can be shown);
(2) file-wide checks in SQL (duplicate cards, existing members outside the user's scope); (3) in one
transaction: quota, cell-change history (MemberTransfer), the upsert, and the caller's `on_written` hook
(job row and audit). Rows identical to the database are never touched, so a re-import writes nothing.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from billing_free.limits import quota_check
from core.access.checks import ANY
from core.imports.columns import MEMBER_COLUMNS, Header, find_header
from core.imports.member_rows import COPY_COLUMNS, MemberRows, load_cells
from core.imports.models import ImportMode
from core.imports.profile_values import PROFILE_COLUMNS
from core.imports.reading import FileProblem, Progress, Table, open_table
from core.imports.report import ErrorSink, ImportResult
from core.members.models import Member, MemberStatus, MemberStatusChange, MemberTransfer, StatusEvent
from core.org.models import OrgUnit
from tenants.db.schema import current_schema

TEMP = "imports_member_rows"
CHUNK_ROWS = 25_000
# Columns compared to decide whether an existing member changes. The Regulation 339 profile columns count only
# when the file has them: a file without "Dân tộc" leaves every member's ethnicity as it is (older file layouts
# can be re-imported without wiping what was entered since).
BASE_COMPARED = tuple(c for c in COPY_COLUMNS if c not in ("row_no", "party_card_number", *PROFILE_COLUMNS))
WRITTEN = ("party_card_number", *BASE_COMPARED, *PROFILE_COLUMNS)  # a new member gets every column

CREATE_TEMP = f"""
CREATE TEMP TABLE {TEMP} (
    row_no integer NOT NULL, party_card_number varchar(20) NOT NULL, full_name varchar(120) NOT NULL,
    name_folded varchar(120) NOT NULL, date_of_birth date NOT NULL, sex varchar(8) NOT NULL,
    admitted_on date NOT NULL, official_on date, cell_id bigint NOT NULL, citizen_id varchar(12) NOT NULL,
    phone varchar(15) NOT NULL, status varchar(16) NOT NULL, exempt_reason varchar(8) NOT NULL,
    has_smartphone boolean NOT NULL,
    ethnicity varchar(2) NOT NULL, religion varchar(2) NOT NULL, hometown varchar(200) NOT NULL,
    residence varchar(200) NOT NULL, education varchar(16) NOT NULL, qualification varchar(16) NOT NULL,
    theory varchar(16) NOT NULL, occupation varchar(120) NOT NULL, workplace varchar(200) NOT NULL
)"""


def _tuple(alias: str, compared: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"{alias}.{c}" for c in compared) + ")"


def compared_columns(header_fields: Iterable[str]) -> tuple[str, ...]:
    present = set(header_fields)
    return (*BASE_COMPARED, *(c for c in PROFILE_COLUMNS if c in present))


def _tables() -> dict[str, str]:
    return {
        "member": Member._meta.db_table,
        "transfer": MemberTransfer._meta.db_table,
        "history": MemberStatusChange._meta.db_table,
        "unit": OrgUnit._meta.db_table,
    }


def import_members(
    path: Path,
    filename: str,
    *,
    mode: str,
    dry_run: bool,
    scopes: list[str],
    progress: Progress,
    on_written: Callable[[ImportResult], None],
    transfer_reason: str = "Nhập dữ liệu từ tệp",
    actor_id: int | None = None,
) -> ImportResult:
    result = ImportResult(errors=ErrorSink(), dry_run=dry_run)
    progress(1, "Đang đọc tệp")
    try:
        table = open_table(path, filename)
    except FileProblem as exc:
        result.errors.file_error(str(exc))
        return result
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.execute(f"DROP TABLE IF EXISTS {TEMP}")
        raw.execute(CREATE_TEMP)
        try:
            header = _stage(table, raw, result, scopes, progress)
            if result.errors.fatal or header is None:
                return result
            progress(72, "Đang kiểm tra trùng số thẻ đảng")
            _file_checks(raw, result, scopes, header.column("party_card_number"))
            if result.errors and mode == ImportMode.ALL_OR_NOTHING:
                return result
            compared = compared_columns(header.index)
            _write(raw, result, progress, on_written, transfer_reason, actor_id, compared)
        except FileProblem as exc:
            result.errors.file_error(str(exc))
        finally:
            table.close()
            raw.execute(f"DROP TABLE IF EXISTS {TEMP}")
    return result


def _stage(table: Table, raw: Any, result: ImportResult, scopes: list[str], progress: Progress) -> Header | None:
    """Read, check and COPY every row; counts total and rejected rows. Returns the file's header."""
    with table.reading():
        header = find_header(table.rows, MEMBER_COLUMNS, result.errors)
        if header is None:
            result.errors.fatal = True
            return None
        checker = MemberRows(header, load_cells(), result.errors, scopes)
        buffer: list[str] = []
        for number, values in table.rows:
            if not any(values):
                continue
            result.total += 1
            line = checker.line(number, values)
            if line is None:
                result.rejected += 1
            else:
                buffer.append(line)
            if len(buffer) >= CHUNK_ROWS:
                _copy(raw, buffer)
                buffer = []
                progress(min(70, 2 + int(68 * table.fraction_read())), f"Đã đọc và kiểm tra {result.total:,} dòng")
    _copy(raw, buffer)
    if result.total == 0:
        result.errors.file_error("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
    return header


def _copy(raw: Any, lines: list[str]) -> None:
    if not lines:
        return
    with raw.copy(f"COPY {TEMP} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
        copy.write("\n".join(lines) + "\n")


def _file_checks(raw: Any, result: ImportResult, scopes: list[str], card_header: str) -> None:
    """Checks that need the whole file: a party card twice in the file; members the user may not touch."""
    raw.execute(
        f"SELECT row_no, party_card_number, first_row FROM (SELECT row_no, party_card_number, "
        f"min(row_no) OVER (PARTITION BY party_card_number) AS first_row FROM {TEMP}) d "
        f"WHERE row_no <> first_row ORDER BY row_no"
    )
    bad_rows = []
    for row_no, card, first_row in raw.fetchall():
        result.errors.add(row_no, card_header, card, f"Số thẻ đảng trùng với dòng {first_row} trong tệp.")
        bad_rows.append(row_no)
    if ANY not in scopes:
        patterns = [scope + "%" for scope in scopes]
        t = _tables()
        raw.execute(
            f"SELECT s.row_no, s.party_card_number FROM {TEMP} s JOIN {t['member']} m "
            f"ON m.party_card_number = s.party_card_number JOIN {t['unit']} c ON c.id = m.cell_id "
            f"WHERE NOT (c.path LIKE ANY(%s))",
            [patterns],
        )
        for row_no, card in raw.fetchall():
            result.errors.add(
                row_no, card_header, card, "Đảng viên này đang sinh hoạt ở chi bộ ngoài phạm vi quyền của bạn."
            )
            bad_rows.append(row_no)
    if bad_rows:
        result.rejected += len(set(bad_rows))
        raw.execute(f"DELETE FROM {TEMP} WHERE row_no = ANY(%s)", [bad_rows])
    raw.execute(f"ANALYZE {TEMP}")


def _counts(raw: Any, compared: tuple[str, ...]) -> tuple[int, int, int]:
    """(rows staged, new members, changed members) — what an upsert would do."""
    member = _tables()["member"]
    differs = f"{_tuple('m', compared)} IS DISTINCT FROM {_tuple('s', compared)}"
    raw.execute(
        f"SELECT count(*), count(*) FILTER (WHERE m.id IS NULL), "
        f"count(*) FILTER (WHERE m.id IS NOT NULL AND {differs}) "
        f"FROM {TEMP} s LEFT JOIN {member} m ON m.party_card_number = s.party_card_number"
    )
    staged, new, changed = raw.fetchone()
    return staged, new, changed


def _write(
    raw: Any,
    result: ImportResult,
    progress: Progress,
    on_written: Callable[[ImportResult], None],
    transfer_reason: str,
    actor_id: int | None,
    compared: tuple[str, ...],
) -> None:
    staged, new, changed = _counts(raw, compared)
    if staged == 0:
        return
    result.loaded = True
    if result.dry_run:
        result.inserted, result.updated, result.unchanged = new, changed, staged - new - changed
        return
    progress(75, "Đang ghi vào cơ sở dữ liệu")
    t = _tables()
    with transaction.atomic():
        try:
            quota_check(current_schema(), "members", new)
        except ValidationError as exc:
            result.loaded = False
            result.rejected = result.total
            result.errors.file_error(" ".join(exc.messages))
            return
        raw.execute(
            f'INSERT INTO {t["transfer"]} (member_id, from_cell_id, to_cell_id, "on", reason, actor_id, created_at) '
            f"SELECT m.id, m.cell_id, s.cell_id, %s, %s, %s, now() FROM {TEMP} s JOIN {t['member']} m "
            f"ON m.party_card_number = s.party_card_number WHERE m.cell_id <> s.cell_id",
            [timezone.localdate(), transfer_reason[:200], actor_id],
        )
        _status_history(raw, t, actor_id)
        result.inserted, result.updated = _upsert(raw, t["member"], compared)
        result.unchanged = staged - result.inserted - result.updated
        progress(95, "Đang hoàn tất")
        on_written(result)


def _status_history(raw: Any, t: dict[str, str], actor_id: int | None) -> None:
    """A dated history row (event "imported") for every existing member whose status the file changes."""
    raw.execute(
        f'INSERT INTO {t["history"]} (member_id, event, status_before, status_after, "on", exempt_reason, place, '
        f"decision_number, note, actor_id, created_at) "
        f"SELECT m.id, %s, m.status, s.status, %s, CASE WHEN s.status = %s THEN s.exempt_reason ELSE '' END, '', '', "
        f"%s, %s, now() FROM {TEMP} s JOIN {t['member']} m ON m.party_card_number = s.party_card_number "
        f"WHERE m.status <> s.status",
        [StatusEvent.IMPORTED.value, timezone.localdate(), MemberStatus.EXEMPT.value, "Nhập dữ liệu từ tệp", actor_id],
    )


def _upsert(raw: Any, member: str, compared: tuple[str, ...]) -> tuple[int, int]:
    cols = ", ".join(WRITTEN)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in compared)
    mine, theirs = _tuple("m", compared), _tuple("EXCLUDED", compared)
    raw.execute(
        f"WITH up AS (INSERT INTO {member} AS m ({cols}, updated_at) "
        f"SELECT {', '.join('s.' + c for c in WRITTEN)}, now() FROM {TEMP} s "
        f"LEFT JOIN {member} e ON e.party_card_number = s.party_card_number "
        f"WHERE e.id IS NULL OR {_tuple('e', compared)} IS DISTINCT FROM {_tuple('s', compared)} "
        f"ON CONFLICT (party_card_number) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at "
        f"WHERE {mine} IS DISTINCT FROM {theirs} "
        f"RETURNING (xmax = 0) AS inserted) "
        f"SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up"
    )
    inserted, updated = raw.fetchone()
    return inserted, updated
