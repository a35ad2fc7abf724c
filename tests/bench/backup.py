"""Backup benchmark (issue 19 target: backup and restore of a 472,869-member committee, each ≤ 5 min on 2 cores;
report the archive size).

The committee `backupbench` is made with generate_demo_data's generator (472,869 members, ~19,000 cells), one
held meeting a cell last month with four agenda items and every member's attendance, and 100 stored meeting
documents of 200 KB. Then, timed:
- tenant_backup (pg_dump of the schema, public rows, files, manifest with per-table checksums);
- tenant_restore as a new slug on the same server (verifies every table's count and checksum);
- tenant_restore over the same committee (confirmed);
- tenant_restore into an empty server (a fresh database with only the public schema migrated; a separate
  process, as an operator would run it).

Run by `make bench ARGS=backup` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

from tests.bench.setup import bench_tenant, django_on_bench_db

SLUG, COPY = "backupbench", "backupbench_copy"
MEMBERS = 472_869
DOCUMENTS, DOCUMENT_BYTES = 100, 200_000
TARGET_S = 300.0
ROOT = Path(__file__).resolve().parents[2]

MEETINGS_SQL = [
    """INSERT INTO meetings_meeting (cell_id, kind, title, topic, starts_at, ends_at, place, status, series_month,
                                     published_at, held_at, closed_at, cancelled_reason, created_at)
       SELECT c.id, 'regular', 'Sinh hoạt chi bộ thường kỳ', '', now() - interval '20 days',
              now() - interval '20 days' + interval '2 hours', 'Nhà văn hóa', 'closed',
              date_trunc('month', now() - interval '1 month')::date, now() - interval '30 days',
              now() - interval '20 days', now() - interval '19 days', '', now()
       FROM org_orgunit c WHERE c.kind = 'cell'""",
    """INSERT INTO meetings_agendaitem (meeting_id, "order", title, details)
       SELECT m.id, n, 'Nội dung ' || n, 'Chi tiết' FROM meetings_meeting m CROSS JOIN generate_series(1, 4) n""",
    """INSERT INTO meetings_attendance (meeting_id, member_id, status, reason, checked_in_at, updated_at)
       SELECT m.id, mm.id, CASE WHEN abs(hashtext(mm.id::text)) % 10 = 0 THEN 'excused' ELSE 'present' END, '',
              NULL, now()
       FROM meetings_meeting m JOIN members_member mm ON mm.cell_id = m.cell_id""",
]


def _log(msg: str) -> None:
    print(msg, flush=True)


def _populate(tenant: Any) -> None:
    from django.db import connection, transaction

    from core.content.storage import object_key, put
    from core.demo.generator import generate
    from core.meetings.models import Meeting, MeetingDocument
    from core.members.models import Member
    from tenants.db.schema import activate_public, activate_tenant

    activate_tenant(tenant)
    try:
        if Member.objects.count() >= MEMBERS:
            return
        started = time.perf_counter()
        generate(members=MEMBERS, seed="backup")
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in MEETINGS_SQL:
                cursor.execute(statement)
        meetings = list(Meeting.objects.order_by("pk")[:DOCUMENTS])
        for n, meeting in enumerate(meetings):
            name = f"bench-{n}.pdf"
            put(object_key(SLUG, "meetings", name), os.urandom(DOCUMENT_BYTES))
            MeetingDocument.objects.create(
                meeting=meeting, title=f"Tài liệu {n}", stored_name=name, original_name=name,
                content_type="application/pdf", size=DOCUMENT_BYTES,
            )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        _log(f"populated {SLUG}: {Member.objects.count():,} members in {time.perf_counter() - started:.0f} s")
    finally:
        activate_public()


def _drop(slug: str) -> None:
    from django.db import connection

    from tenants.models import Tenant

    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{slug}" CASCADE')
    Tenant.objects.filter(schema_name=slug).delete()


def _fresh_database(name: str) -> str:
    import psycopg

    parsed = urlparse(os.environ["BENCH_DATABASE_URL"])
    admin = urlunparse(parsed._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def _restore_on_empty_server(archive: Path) -> float:
    env = dict(os.environ, DATABASE_URL=_fresh_database("sotay_bench_empty"), PYTHONPATH=str(ROOT))
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate_tenants"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    subprocess.run([*manage, "tenant_restore", str(archive)], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def main() -> None:
    django_on_bench_db()
    from django.db import connection

    from tenants.backup.restore import tenant_restore
    from tenants.backup.services import tenant_backup_create

    tenant = bench_tenant(SLUG, "Đảng bộ thành phố (bench sao lưu)")
    _populate(tenant)
    _drop(COPY)
    started = time.perf_counter()
    backup = tenant_backup_create(tenant=tenant, actor="bench")
    backup_s = time.perf_counter() - started
    archive = Path(backup.path)
    _log(f"backup: {archive} ({backup.size_bytes / 1e6:.0f} MB) in {backup_s:.1f} s")
    started = time.perf_counter()
    copy = tenant_restore(archive_path=archive, actor="bench", as_slug=COPY)
    copy_s = time.perf_counter() - started
    _log(f"restore as {COPY}: {copy.rows:,} rows in {copy_s:.1f} s")
    started = time.perf_counter()
    tenant_restore(archive_path=archive, actor="bench", confirm=SLUG)
    over_s = time.perf_counter() - started
    _log(f"restore over {SLUG}: {over_s:.1f} s")
    _drop(COPY)
    connection.close()
    empty_s = _restore_on_empty_server(archive)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        ("committee: members / rows in all tables / files", f"{MEMBERS:,} / {copy.rows:,} / {copy.files}", ""),
        ("archive size, MB", f"{backup.size_bytes / 1e6:.0f}", "report"),
        ("tenant_backup, s", f"{backup_s:.1f}", f"≤ {TARGET_S:.0f}"),
        ("tenant_restore as a new slug (same server), s", f"{copy_s:.1f}", f"≤ {TARGET_S:.0f}"),
        ("tenant_restore over the same committee, s", f"{over_s:.1f}", f"≤ {TARGET_S:.0f}"),
        ("tenant_restore into an empty server (own process), s", f"{empty_s:.1f}", f"≤ {TARGET_S:.0f}"),
        ("peak RSS of the bench process, MB", f"{peak_mb:.0f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>24}  target")
    print("-" * (width + 36))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>24}  {target}")
    archive.unlink()
    if max(backup_s, copy_s, over_s, empty_s) > TARGET_S:
        sys.exit(1)


if __name__ == "__main__":
    main()
