"""Tenant size per 1,000 members (issue 21, for infra/citus.md: how 63 tenant schemas spread over workers).

The committee `sizebench` is made with the demo generator (MEMBERS members, ~25 a cell) and a year of cell life:
twelve held monthly meetings a cell, four agenda items each, every member's attendance; an account per member
(with its state and an admission in the status history) and two days of app use a month (DailyAccess rows).
Then every table of its schema is counted exactly and sized with pg_total_relation_size (heap, indexes, TOAST),
after VACUUM FULL ANALYZE. The template (a provisioned, empty tenant) is the fixed part; the rest is divided
by the members.

Run by `make bench ARGS=tenant_size` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import sys
import time

from tests.bench.setup import bench_tenant, django_on_bench_db

SLUG = "sizebench"
MEMBERS = 20_000
HANOI, NATION, TENANTS = 472_869, 5_000_000, 63

YEAR_SQL = [
    """INSERT INTO meetings_meeting (cell_id, kind, title, topic, starts_at, ends_at, place, status, series_month,
                                     published_at, held_at, closed_at, cancelled_reason, created_at)
       SELECT c.id, 'regular', 'Sinh hoạt chi bộ thường kỳ', '', now() - make_interval(months => n),
              now() - make_interval(months => n) + interval '2 hours', 'Nhà văn hóa', 'closed',
              date_trunc('month', now() - make_interval(months => n))::date, now() - make_interval(months => n),
              now() - make_interval(months => n), now() - make_interval(months => n), '', now()
       FROM org_orgunit c CROSS JOIN generate_series(1, 12) n WHERE c.kind = 'cell'""",
    """INSERT INTO meetings_agendaitem (meeting_id, "order", title, details)
       SELECT m.id, n, 'Nội dung ' || n, 'Chi tiết' FROM meetings_meeting m CROSS JOIN generate_series(1, 4) n""",
    """INSERT INTO meetings_attendance (meeting_id, member_id, status, reason, checked_in_at, updated_at)
       SELECT m.id, mm.id, CASE WHEN abs(hashtext(mm.id::text || m.id::text)) % 10 = 0 THEN 'excused'
              ELSE 'present' END, '', NULL, now()
       FROM meetings_meeting m JOIN members_member mm ON mm.cell_id = m.cell_id""",
    # every member has an account, its state and an admission in the status history
    """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                              date_joined)
       SELECT '!', false, 'dv' || m.id, '', '', '', false, true, now() FROM members_member m""",
    """UPDATE members_member m SET user_id = u.id FROM auth_user u WHERE u.username = 'dv' || m.id""",
    """INSERT INTO accounts_accountstate (user_id, must_change_password, initial_password_issued_at, first_login_at,
                                         last_login_at, first_install_at)
       SELECT u.id, false, now(), now(), now(), NULL FROM auth_user u WHERE u.username LIKE 'dv%%'""",
    """INSERT INTO members_memberstatuschange (event, status_before, status_after, "on", exempt_reason, place,
                                              decision_number, note, created_at, member_id)
       SELECT 'admitted', '', 'official', now()::date - 3650, '', '', '', '', now(), m.id FROM members_member m""",
    # activity: each member opens the app on two days a month (DailyAccess is one row per user and day)
    """INSERT INTO accounts_dailyaccess (day, count, user_id)
       SELECT (now() - make_interval(days => d))::date, 3, m.user_id
       FROM members_member m CROSS JOIN generate_series(1, 360, 15) d WHERE m.user_id IS NOT NULL""",
]


def _tables(cursor, schema: str) -> list[tuple[str, int, int]]:
    """(table, exact rows, bytes with indexes and TOAST), largest first."""
    cursor.execute(
        "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
        "WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r'",
        [schema],
    )
    out = []
    for table, size in cursor.fetchall():
        cursor.execute(f'SELECT count(*) FROM "{schema}"."{table}"')
        out.append((table, cursor.fetchone()[0], size))
    return sorted(out, key=lambda t: -t[2])


def main() -> int:
    django_on_bench_db()
    from django.db import connection, transaction

    from core.demo.generator import generate
    from core.members.models import Member
    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant(SLUG, "Đảng bộ (bench kích thước)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        began = time.perf_counter()
        generate(members=MEMBERS, seed="size")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in YEAR_SQL:
                cursor.execute(statement)
        print(f"filled {SLUG}: {Member.objects.count():,} members in {time.perf_counter() - began:.0f} s", flush=True)
    members = Member.objects.count()
    activate_public()
    connection.close()
    with connection.cursor() as cursor:
        connection.connection.autocommit = True
        for table, *_ in _tables(cursor, SLUG):  # FULL: no dead rows of the fill's UPDATE counted as size
            cursor.execute(f'VACUUM FULL ANALYZE "{SLUG}"."{table}"')
        filled, empty = _tables(cursor, SLUG), _tables(cursor, "_template")
    rows, size = sum(t[1] for t in filled), sum(t[2] for t in filled)
    base_rows, base_size = sum(t[1] for t in empty), sum(t[2] for t in empty)
    per_rows, per_bytes = (rows - base_rows) * 1000 / members, (size - base_size) * 1000 / members
    mb = 1024 * 1024
    print(f"\nTenant `{SLUG}`: {members:,} members, a year of monthly cell meetings; {len(filled)} tables")
    print(f"{'table':40} {'rows':>12} {'MB':>9}")
    for table, count, nbytes in filled[:14]:
        print(f"{table:40} {count:>12,} {nbytes / mb:>9.1f}")
    print(f"{'all tables':40} {rows:>12,} {size / mb:>9.1f}")
    print(f"{'empty tenant (template schema)':40} {base_rows:>12,} {base_size / mb:>9.1f}")
    print(f"\nPer 1,000 members: {per_rows:,.0f} rows, {per_bytes / mb:.1f} MB (indexes included)")
    daily = next((t for t in filled if t[0] == "accounts_dailyaccess"), ("", 0, 0))
    print(
        f"  of which daily use (accounts_dailyaccess): {daily[1] * 1000 / members:,.0f} rows, "
        f"{daily[2] * 1000 / members / mb:.1f} MB"
    )
    print(f"Hà Nội ({HANOI:,} members): ~{(base_size + per_bytes * HANOI / 1000) / mb / 1024:.2f} GB")
    nation = (TENANTS * base_size + per_bytes * NATION / 1000) / mb / 1024
    print(f"{TENANTS} tenants, {NATION:,} members: ~{nation:.1f} GB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
