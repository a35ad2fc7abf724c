"""Meetings benchmark (issue #5 target): "my next meeting" with agenda and my status in a tenant of 20,000
cells (500,000 members) with a year of meeting history for every cell (240,000 held meetings with agenda,
attendance and opinions, written set-based with generate_series), plus next month's published meeting.

Measures, through Django's test client with tenant routing (full middleware stack):
- GET /sinh-hoat/ (page, signed in) and GET /api/v1/meetings/next/ (bearer token) for a member of a cell with
  a year of history and for a member of a cell without history: median ms of 30, and the query count of
  each (must be the same: constant queries; target ≤ 30 ms);
- the monthly meeting figures refresh of last month (one statement) and a district's live per-cell figures;
- the daily series task with a monthly series on every cell: first run (generates a draft per cell), the
  steady-state run (nothing to do: its daily cost) and the reminder of the 15th (a secretary per cell);
  inside a transaction that is rolled back, so the tenant stays as it was.

Run by `make bench` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import datetime as dt
import statistics
import time
from typing import Any

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 500_000  # 25 a cell → 20,000 cells
RUNS = 30
PASSWORD = "bench-pass-2026"

# %(first)s: first month of the history (date), %(next)s: next month (date). Times are local evening meetings.
HISTORY_SQL = [
    "UPDATE org_orgunit SET valid_from = '2020-01-01'",
    """INSERT INTO meetings_meeting (cell_id, kind, title, topic, starts_at, ends_at, place, status, series_month,
                                     published_at, held_at, closed_at, cancelled_reason, created_at)
       SELECT c.id, 'regular', 'Sinh hoạt chi bộ thường kỳ tháng ' || to_char(m, 'MM/YYYY'), '',
              (m + interval '9 days 12 hours')::timestamptz, (m + interval '9 days 14 hours')::timestamptz,
              'Nhà văn hóa thôn', 'closed', m::date, m::timestamptz, (m + interval '9 days 12 hours')::timestamptz,
              (m + interval '9 days 14 hours')::timestamptz, '', now()
       FROM org_orgunit c
       CROSS JOIN generate_series(%(first)s::timestamp, %(next)s::timestamp - interval '2 months', interval '1 month') m
       WHERE c.kind = 'cell'""",
    """INSERT INTO meetings_meeting (cell_id, kind, title, topic, starts_at, ends_at, place, status, series_month,
                                     published_at, cancelled_reason, created_at)
       SELECT c.id, 'regular', 'Sinh hoạt chi bộ thường kỳ tháng ' || to_char(%(next)s::date, 'MM/YYYY'), '',
              (%(next)s::timestamp + interval '9 days 12 hours')::timestamptz,
              (%(next)s::timestamp + interval '9 days 14 hours')::timestamptz, 'Nhà văn hóa thôn', 'published',
              %(next)s::date, now(), '', now()
       FROM org_orgunit c WHERE c.kind = 'cell'""",
    """INSERT INTO meetings_agendaitem (meeting_id, "order", title, details)
       SELECT m.id, n, (ARRAY['Kiểm điểm việc thực hiện nhiệm vụ tháng', 'Học tập, quán triệt nghị quyết',
                               'Thu, nộp đảng phí', 'Triển khai nhiệm vụ tháng tới'])[n], 'Chi tiết nội dung'
       FROM meetings_meeting m CROSS JOIN generate_series(1, 4) n""",
    """INSERT INTO meetings_meetingdocument (meeting_id, title, stored_name, original_name, content_type, size,
                                             uploaded_at)
       SELECT m.id, (ARRAY['Dự thảo nghị quyết tháng', 'Tài liệu học tập chuyên đề'])[n], 'bench-' || m.id || '-' || n
              || '.pdf', 'tai-lieu-' || n || '.pdf', 'application/pdf', 250000, now()
       FROM meetings_meeting m CROSS JOIN generate_series(1, 2) n WHERE m.status = 'published'""",
    """INSERT INTO meetings_attendance (meeting_id, member_id, status, reason, checked_in_at, updated_at)
       SELECT m.id, mm.id,
              CASE WHEN mm.status = 'exempt' THEN 'exempt'
                   WHEN abs(hashtext(mm.id::text || m.id::text)) %% 100 < 90 THEN 'present'
                   ELSE 'excused' END,
              '', NULL, now()
       FROM meetings_meeting m JOIN members_member mm ON mm.cell_id = m.cell_id
       WHERE m.status = 'closed'""",
    """INSERT INTO meetings_opinion (meeting_id, member_id, text, created_at)
       SELECT a.meeting_id, a.member_id, 'Tôi nhất trí với dự thảo nghị quyết.', now()
       FROM meetings_attendance a WHERE a.status = 'present' AND abs(hashtext(a.id::text)) %% 100 < 8""",
]


LOADED_TABLES = (
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_meetingdocument",
    "meetings_attendance",
    "meetings_opinion",
)


def _load_history(cursor: Any, values: dict[str, Any]) -> None:
    """Run HISTORY_SQL like a restore: the loaded tables' secondary indexes and unique constraints dropped
    and rebuilt afterwards, foreign-key triggers off for the load (the rows are consistent by construction)."""
    cursor.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.contype = 'u' AND c.conrelid::regclass::text = ANY(%s)",
        [list(LOADED_TABLES)],
    )
    constraints = cursor.fetchall()
    for table, name, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(%s) "
        "AND indexname NOT LIKE '%%_pkey'",
        [list(LOADED_TABLES)],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    cursor.execute("SET LOCAL session_replication_role = replica")
    for sql in HISTORY_SQL:
        started = time.perf_counter()
        cursor.execute(sql, values)
        print(f"  {sql.split()[0]} {sql.split()[2] if sql.startswith('INSERT') else ''}: "
              f"{cursor.rowcount:,} rows, {time.perf_counter() - started:.1f} s")  # fmt: skip
    cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    for _, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def main() -> None:
    django_on_bench_db()
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from core.demo.generator import generate
    from core.meetings.models import AgendaItem, Meeting, MeetingKind, MeetingStatus
    from core.members.models import CommitteePosition, CommitteeSeat, Member, MemberStatus
    from core.org.models import OrgKind, OrgUnit
    from core.org.services import org_unit_create
    from core.stats.meeting_selectors import meeting_cells
    from core.stats.meeting_services import meeting_refresh
    from core.stats.selectors import last_months
    from core.stats.services import previous_month
    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant("meetbench", "Đảng bộ tỉnh (bench sinh hoạt)")
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    first = last_months(previous_month(this_month), 12)[0]
    activate_tenant(tenant)
    if not Member.objects.exists():
        started = time.perf_counter()
        result = generate(members=MEMBERS, seed="meetings")
        print(f"generated {result.members:,} members, {result.cells:,} cells in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            _load_history(cursor, {"first": first, "next": next_month})
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        counts = (Meeting.objects.count(), AgendaItem.objects.count())
        print(
            f"meetings and agenda items {counts[0]:,} / {counts[1]:,} written in {time.perf_counter() - started:.1f} s"
        )
    # A member of a cell with a year of history, and of a new cell whose first meeting is announced.
    old_cell = OrgUnit.objects.filter(kind=OrgKind.CELL).order_by("code").first()
    assert old_cell is not None
    new_cell = OrgUnit.objects.filter(code="NEWCELL").first()
    if new_cell is None:
        assert old_cell.parent is not None
        new_cell = org_unit_create(
            code="NEWCELL", name="Chi bộ mới thành lập", kind=OrgKind.CELL, parent=old_cell.parent
        )
        template = Member.objects.filter(cell=old_cell).first()
        assert template is not None
        Member.objects.create(
            party_card_number="NEW0000001", full_name="Đảng viên Mới", cell=new_cell, status=MemberStatus.OFFICIAL,
            date_of_birth=template.date_of_birth, sex=template.sex, admitted_on=template.admitted_on,
        )  # fmt: skip
        upcoming = Meeting.objects.filter(cell=old_cell, status=MeetingStatus.PUBLISHED).first()
        assert upcoming is not None
        fresh = Meeting.objects.create(
            cell=new_cell, title=upcoming.title, starts_at=upcoming.starts_at, ends_at=upcoming.ends_at,
            status=MeetingStatus.PUBLISHED, place=upcoming.place,
        )  # fmt: skip
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=fresh, order=i.order, title=i.title, details=i.details)
            for i in upcoming.agenda_items.all()
        )
    history = {
        cell.code: Meeting.objects.filter(cell=cell, status=MeetingStatus.CLOSED).count()
        for cell in (old_cell, new_cell)
    }
    members = Member.objects.exclude(status=MemberStatus.EXEMPT).order_by("pk")
    for username, member in (
        ("dv_old", members.filter(cell=old_cell).first()),
        ("dv_new", members.filter(cell=new_cell).first()),
        ("dv_seat", members.filter(cell=old_cell)[1]),
    ):
        assert member is not None
        user, _ = User.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.save()
        Member.objects.filter(user=user).exclude(pk=member.pk).update(user=None)
        Member.objects.filter(pk=member.pk).update(user=user)
    # dv_seat also sits on the committee of the cell's parent unit, which has its own published meeting.
    seat_member = Member.objects.get(user__username="dv_seat")
    assert old_cell.parent is not None
    if not CommitteeSeat.objects.filter(member=seat_member, ended_on__isnull=True).exists():
        CommitteeSeat.objects.create(
            unit=old_cell.parent, member=seat_member, position=CommitteePosition.MEMBER, started_on=first
        )
        upcoming = Meeting.objects.get(cell=old_cell, status=MeetingStatus.PUBLISHED)
        Meeting.objects.create(
            cell=old_cell.parent, kind=MeetingKind.COMMITTEE, title="Họp Ban Thường vụ",
            starts_at=upcoming.starts_at + dt.timedelta(days=1), ends_at=upcoming.ends_at + dt.timedelta(days=1),
            status=MeetingStatus.PUBLISHED, place="Phòng họp",
        )  # fmt: skip
    started = time.perf_counter()
    refreshed = meeting_refresh(previous_month(this_month))
    refresh_s = time.perf_counter() - started
    district = OrgUnit.objects.filter(kind=OrgKind.DISTRICT).order_by("code").first()
    assert district is not None
    started = time.perf_counter()
    district_cells = meeting_cells(district, previous_month(this_month))
    district_ms = (time.perf_counter() - started) * 1000
    series_costs = series_daily_costs(this_month, next_month)
    activate_public()

    host = "meetbench.localhost"

    def timed(username: str, url: str, api: bool) -> tuple[float, int]:
        client = Client(HTTP_HOST=host)
        headers: dict[str, Any] = {}
        if api:
            token = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
            assert token.status_code == 201, token.content
            headers["HTTP_AUTHORIZATION"] = f"Bearer {token.json()['token']}"
        else:
            assert client.post("/dang-nhap/", {"username": username, "password": PASSWORD}).status_code == 302
        first_response = client.get(url, **headers)  # warm
        assert first_response.status_code == 200, first_response.status_code
        if api:
            assert first_response.json()["meeting"]["agenda"], "the next meeting must come with its agenda"
            if username == "dv_old":
                assert len(first_response.json()["meeting"]["documents"]) == 2, "and with its documents"
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(url, **headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, **headers)
        return statistics.median(samples), len(ctx.captured_queries)

    page_old = timed("dv_old", "/sinh-hoat/", api=False)
    page_new = timed("dv_new", "/sinh-hoat/", api=False)
    api_old = timed("dv_old", "/api/v1/meetings/next/", api=True)
    api_new = timed("dv_new", "/api/v1/meetings/next/", api=True)
    api_seat = timed("dv_seat", "/api/v1/meetings/next/", api=True)
    rows = [
        ("meetings in the tenant (held + next month's)", f"{counts_now(tenant):,}", "~260,000"),
        (f"GET /sinh-hoat/, cell with {history[old_cell.code]} held meetings: ms, queries",
         f"{page_old[0]:.1f}, {page_old[1]} q", "≤ 30 ms"),
        (f"  cell with {history[new_cell.code]} held meetings: ms, queries", f"{page_new[0]:.1f}, {page_new[1]} q",
         "same queries"),
        ("GET /api/v1/meetings/next/, cell with history: ms, queries", f"{api_old[0]:.1f}, {api_old[1]} q", "≤ 30 ms"),
        ("  cell without history: ms, queries", f"{api_new[0]:.1f}, {api_new[1]} q", "same queries"),
        ("  member who also sits on a committee: ms, queries", f"{api_seat[0]:.1f}, {api_seat[1]} q",
         "same queries"),
        (f"meeting_refresh of last month ({refreshed} rows), s", f"{refresh_s:.2f}", ""),
        (f"live per-cell figures of a district ({len(district_cells):,} cells), ms", f"{district_ms:.0f}", ""),
        *series_costs,
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>16}  target")
    print("-" * (width + 32))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>16}  {target}")


class _Rollback(Exception):
    pass


def series_daily_costs(this_month: dt.date, next_month: dt.date) -> list[tuple[str, str, str]]:
    """The daily series task over a monthly series on every open cell, rolled back afterwards."""
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from core.access.models import Role, RoleGrant
    from core.meetings.models import MeetingSeries
    from core.meetings.services.reminders import remind_unmarked
    from core.meetings.services.series import series_materialise, series_remind
    from core.org.models import OrgKind, OrgUnit

    rows: list[tuple[str, str, str]] = []

    def timed(label: str, run: Any) -> None:
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            result = run()
        count = result if isinstance(result, int) else len(result)
        seconds = time.perf_counter() - started
        rows.append((f"{label} ({count:,} written), s, queries", f"{seconds:.2f}, {len(ctx.captured_queries)} q", ""))

    try:
        with transaction.atomic():
            cells = list(OrgUnit.objects.filter(kind=OrgKind.CELL, valid_to__isnull=True).values_list("pk", flat=True))
            secretary = User.objects.create(username="bench_secretary")
            RoleGrant.objects.bulk_create(RoleGrant(user=secretary, role=Role.CELL_SECRETARY, unit_id=c) for c in cells)
            MeetingSeries.objects.bulk_create(
                MeetingSeries(cell_id=c, day_of_month=28, start_time=dt.time(19, 30), starts_month=this_month)
                for c in cells
            )
            # Next month already has its published meeting in every cell (hand-scheduled), so the month after
            # is the one generated on the 15th of next month and reminded about.
            day = next_month.replace(day=15)
            timed(f"series_materialise, {len(cells):,} series, first run", lambda: series_materialise(day))
            timed("  again, nothing to generate (the daily cost)", lambda: series_materialise(day))
            timed("series_remind on the 15th", lambda: series_remind(day))
            timed("remind_unmarked on that day (daily)", lambda: remind_unmarked(day))
            raise _Rollback
    except _Rollback:
        pass
    return rows


def counts_now(tenant: Any) -> int:
    from core.meetings.models import Meeting
    from tenants.db.schema import activate_public, activate_tenant

    activate_tenant(tenant)
    try:
        return Meeting.objects.count()
    finally:
        activate_public()


if __name__ == "__main__":
    main()
