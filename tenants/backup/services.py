"""Backups of one tenant: write an archive (by hand or scheduled), and prune scheduled ones past retention.

The archive is written as `<name>.partial` and renamed when complete, so a crash never leaves a file that
looks like a finished backup. Every backup has a TenantBackup row (running → done / failed) that the console
shows; a finished one also writes a platform audit event.
"""

import datetime as dt
import hashlib
import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from psycopg import sql

from tenants.audit import record_platform_event
from tenants.backup import archive, pgtools
from tenants.backup.checksums import fix_session, rows_sum, table_sums
from tenants.backup.dump import dump_schema, exported_snapshot
from tenants.backup.files import tenant_files
from tenants.backup.models import BackupStatus, BackupTrigger, TenantBackup
from tenants.backup.public_rows import read_public_rows
from tenants.db.schema import activate_public
from tenants.models import Tenant

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Written:
    manifest: archive.Manifest

    def summary(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "tables": len(m.tables),
            "rows": sum(t["rows"] for t in m.tables.values()),
            "public_rows": sum(t["rows"] for t in m.public.values()),
            "files": len(m.file_names),
        }


def backup_root() -> Path:
    return Path(settings.BACKUP_DIR)


def default_archive_path(slug: str, at: dt.datetime) -> Path:
    return backup_root() / slug / f"{slug}-{at.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.tar"


def _read_in_snapshot(cursor: Any, tenant: Tenant) -> tuple[dict[str, Any], dict[str, list[Any]], list[list[str]]]:
    fix_session(cursor)
    sums = {name: s.as_dict() for name, s in table_sums(cursor, tenant.schema_name).items()}
    public = read_public_rows(cursor, tenant_id=tenant.pk, slug=tenant.schema_name)
    cursor.execute(
        sql.SQL("SELECT app, name FROM {} ORDER BY app, name").format(
            sql.Identifier(tenant.schema_name, "django_migrations")
        )
    )
    return sums, public, [[app, name] for app, name in cursor.fetchall()]


def write_archive(tenant: Tenant, path: Path) -> Written:
    """Write the archive of `tenant` to `path` (see archive.py for the layout)."""
    tools = pgtools.tools()  # first: a missing pg_dump fails before anything is written
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".dump-") as work:
        dump = Path(work) / archive.SCHEMA_DUMP
        with exported_snapshot() as (conn, snapshot), conn.cursor() as cursor:
            sums, public, migrations = _read_in_snapshot(cursor, tenant)
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]  # type: ignore[index]
            dump_schema(pg_dump=tools["pg_dump"], schema=tenant.schema_name, snapshot=snapshot, target=dump)
        writer = archive.ArchiveWriter(path)
        try:
            writer.add_path(archive.SCHEMA_DUMP, dump)
            public_bytes = json.dumps(public, ensure_ascii=False, sort_keys=True).encode()
            writer.add_bytes(archive.PUBLIC_ROWS, public_bytes)
            for stored in tenant_files(tenant.schema_name):
                with stored.stored.open() as source:
                    writer.add_stream(stored.archive_name, stored.size, source)
            manifest = archive.Manifest(
                slug=tenant.schema_name,
                tenant_name=tenant.name,
                platform_domain=settings.PLATFORM_DOMAIN,
                created_at=timezone.now().isoformat(),
                server_version=server_version,
                migrations=migrations,
                tables=sums,
                public={key: rows_sum(rows).as_dict() for key, rows in public.items()},
            )
            writer.finish(manifest)
        except BaseException:
            writer.abort()
            raise
    return Written(manifest=manifest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(archive.CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tenant_backup_create(
    *, tenant: Tenant, actor: str, trigger: str = BackupTrigger.MANUAL, output: Path | None = None
) -> TenantBackup:
    """Back up `tenant` into one archive (default: BACKUP_DIR/<slug>/<slug>-<UTC time>.tar); raises on failure
    after recording it (status failed, the reason, no partial file left)."""
    activate_public()
    record = TenantBackup.objects.create(tenant=tenant, tenant_slug=tenant.schema_name, trigger=trigger)
    path = (output or default_archive_path(tenant.schema_name, record.started_at)).resolve()
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        written = write_archive(tenant, partial)
        partial.chmod(0o600)
        partial.rename(path)
    except Exception as exc:
        partial.unlink(missing_ok=True)
        record.status, record.error, record.finished_at = BackupStatus.FAILED, str(exc)[:4000], timezone.now()
        record.save(update_fields=["status", "error", "finished_at"])
        logger.exception("backup of %s failed", tenant.schema_name)
        raise
    record.status, record.finished_at, record.path = BackupStatus.DONE, timezone.now(), str(path)
    record.size_bytes, record.sha256, record.summary = path.stat().st_size, _sha256(path), written.summary()
    record.save(update_fields=["status", "finished_at", "path", "size_bytes", "sha256", "summary"])
    record_platform_event(
        actor=actor,
        action="tenant.backup",
        tenant_slug=tenant.schema_name,
        changes={"path": str(path), "size": record.size_bytes, "trigger": trigger, **record.summary},
    )
    return record


def tenant_backups_prune(*, tenant_slug: str, now: dt.datetime | None = None) -> int:
    """Retention of scheduled backups: an archive goes when it is older than BACKUP_KEEP_DAYS or when
    BACKUP_KEEP_COUNT newer ones exist — never the newest finished one. Manual archives are the operator's."""
    now = now or timezone.now()
    oldest = now - dt.timedelta(days=settings.BACKUP_KEEP_DAYS)
    done = list(
        TenantBackup.objects.filter(
            tenant_slug=tenant_slug, trigger=BackupTrigger.SCHEDULED, status=BackupStatus.DONE
        ).order_by("-started_at", "-pk")
    )
    pruned = 0
    for position, backup in enumerate(done[1:], start=1):
        if position >= settings.BACKUP_KEEP_COUNT or backup.started_at < oldest:
            Path(backup.path).unlink(missing_ok=True)
            backup.status = BackupStatus.PRUNED
            backup.save(update_fields=["status"])
            pruned += 1
    TenantBackup.objects.filter(tenant_slug=tenant_slug, status=BackupStatus.FAILED, started_at__lt=oldest).delete()
    return pruned
