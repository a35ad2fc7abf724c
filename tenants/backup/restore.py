"""Restoring a tenant archive: into an empty server, over the same committee (confirmed), or as a new slug.

Order, so that a failure at any step leaves the server as it was:
1. read the manifest; refuse an archive from newer code (migrations this code does not know), an existing
   target without `confirm == target slug`, and any member whose bytes differ from the manifest;
2. replay the dump into a staging schema `_restore_<random>`; write the files the store lacks under their
   final keys, each checked against the manifest first (tenants/backup/files.py);
3. check every table's row count and checksum in the staging schema against the manifest;
4. in one transaction: the old schema (if any) is renamed away and dropped, the staging schema renamed to the
   target, the public rows written, a platform audit event recorded;
5. after the commit: the committee's objects absent from the archive removed, the schema migrated if the archive
   is older than the code. A failure before the commit removes the objects this restore created.
"""

import json
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import quote_schema_name, schema_exists

from tenants.audit import record_platform_event
from tenants.backup import archive, files, pgtools
from tenants.backup.checksums import fix_session, rows_sum, table_sums
from tenants.backup.dump import restore_as
from tenants.backup.public_restore import Target, restore_public_rows
from tenants.db.schema import activate_public
from tenants.models import Tenant
from tenants.routing import host_map
from tenants.schema_migrations import expected_migrations, migrate_schema, missing_by_schema
from tenants.validators import validate_slug


class RestoreRefused(ValidationError):
    """Nothing was changed: the archive or the request is not acceptable (Vietnamese message)."""


@dataclass
class RestoreResult:
    tenant: Tenant
    tables: int
    rows: int
    files: int
    written: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    migrated: list[str] = field(default_factory=list)


def _check_request(manifest: archive.Manifest, target: str, confirm: str) -> Tenant | None:
    validate_slug(target)
    known = expected_migrations(False) | expected_migrations(True)  # tenant schemas record shared apps too
    unknown = {(app, name) for app, name in manifest.migrations} - known
    if unknown:
        raise RestoreRefused(
            _(
                "Bản sao lưu được tạo bởi phiên bản mới hơn (có %(n)s bước chuyển đổi dữ liệu lạ); "
                "hãy cập nhật mã nguồn trước khi khôi phục."
            )
            % {"n": len(unknown)},
            code="newer_archive",
        )
    existing = Tenant.objects.filter(schema_name=target).first()
    if (existing is not None or schema_exists(target)) and confirm != target:
        raise RestoreRefused(
            _(
                "Đảng bộ “%(slug)s” đã có trên máy chủ: khôi phục sẽ thay toàn bộ dữ liệu của đảng bộ này bằng bản "
                "sao lưu. Nhập lại mã “%(slug)s” để xác nhận (--confirm %(slug)s)."
            )
            % {"slug": target},
            code="confirmation_required",
        )
    return existing


def _public_rows(reader: archive.ArchiveReader) -> dict[str, list[dict[str, Any]]]:
    rows = json.loads(reader.read_bytes(archive.PUBLIC_ROWS))
    for key, expected in reader.manifest.public.items():
        if rows_sum(rows.get(key, [])).as_dict() != expected:
            raise archive.ArchiveError(f"public rows {key!r} differ from the manifest")
    return rows


def _write_files(reader: archive.ArchiveReader, work: Path, restoring: files.FileRestore) -> None:
    """Each file through a private temporary copy (its checksum checked on the way) into the store."""
    for name in reader.manifest.file_names:
        files.split_archive_name(name)  # a bad name fails before anything is written
    copy = work / "file"
    for name in reader.manifest.file_names:
        reader.copy_to(name, copy)
        restoring.write(name, copy)
        copy.unlink()


def _verify(staging: str, expected: dict[str, dict[str, Any]]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        fix_session(cursor)
        found = {name: s.as_dict() for name, s in table_sums(cursor, staging).items()}
    if found != expected:
        bad = sorted(name for name in set(found) | set(expected) if found.get(name) != expected.get(name))
        raise archive.ArchiveError(f"restored tables differ from the manifest: {', '.join(bad)}")


def _drop_schema(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema_name(name)} CASCADE")


def _swap(staging: str, target: str, token: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if schema_exists(target):
            old = f"_replaced_{token}"
            cursor.execute(f"ALTER SCHEMA {quote_schema_name(target)} RENAME TO {quote_schema_name(old)}")
            cursor.execute(f"DROP SCHEMA {quote_schema_name(old)} CASCADE")
        cursor.execute(f"ALTER SCHEMA {quote_schema_name(staging)} RENAME TO {quote_schema_name(target)}")


def _stage(reader: archive.ArchiveReader, token: str, restoring: files.FileRestore) -> None:
    """Dump into the staging schema, then the manifest check, then the files. On failure the caller drops what
    was staged."""
    manifest, tools = reader.manifest, pgtools.tools()
    with tempfile.TemporaryDirectory(prefix="sotay-restore-") as work:
        dump = Path(work) / archive.SCHEMA_DUMP
        reader.copy_to(archive.SCHEMA_DUMP, dump)
        restore_as(
            pg_restore=tools["pg_restore"], psql=tools["psql"], dump=dump, old=manifest.slug, new=_staging(token)
        )
        _verify(_staging(token), manifest.tables)
        _write_files(reader, Path(work), restoring)


def _staging(token: str) -> str:
    return f"_restore_{token}"


def _commit(plan: Target, rows: dict[str, list[dict[str, Any]]], source: dict[str, str], token: str) -> Tenant:
    """One transaction: the staging schema takes the target's place, the public rows, the audit event."""
    with transaction.atomic():
        _swap(_staging(token), plan.slug, token)
        tenant = restore_public_rows(rows, plan)
        record_platform_event(
            actor=plan.actor,
            action="tenant.restored",
            tenant_slug=plan.slug,
            changes=source | {"over_existing": plan.existing is not None, "warnings": plan.warnings},
        )
        transaction.on_commit(host_map.invalidate)
    return tenant


def _migrate(target: str) -> list[str]:
    if not missing_by_schema([target])[target]:
        return []
    outcome = migrate_schema(target)
    if not outcome.ok:
        raise RuntimeError(f"restored {target}, but migrating it failed: {outcome.error}")
    return outcome.applied


def tenant_restore(
    *, archive_path: Path, actor: str, as_slug: str = "", confirm: str = "", name: str = ""
) -> RestoreResult:
    """Restore the archive at `archive_path` (see the module doc). RestoreRefused / ArchiveError change nothing."""
    activate_public()
    reader = archive.ArchiveReader(archive_path)
    try:
        manifest = reader.manifest
        target = as_slug or manifest.slug
        existing = _check_request(manifest, target, confirm)
        rows = _public_rows(reader)
        plan = Target(
            slug=target,
            archive_slug=manifest.slug,
            archive_domain=manifest.platform_domain,
            existing=existing,
            name=name,
            actor=actor,
        )
        token, restoring = secrets.token_hex(6), files.FileRestore(schema=target)
        try:
            _stage(reader, token, restoring)
            source = {"archive": str(archive_path), "from_slug": manifest.slug, "made_at": manifest.created_at}
            tenant = _commit(plan, rows, source, token)
        except BaseException:
            _drop_schema(_staging(token))
            restoring.discard()
            raise
        restoring.settle()
    finally:
        reader.close()
    return RestoreResult(
        tenant=tenant,
        tables=len(manifest.tables),
        rows=sum(t["rows"] for t in manifest.tables.values()),
        files=len(manifest.file_names),
        written=plan.written,
        warnings=plan.warnings,
        migrated=_migrate(target),
    )
