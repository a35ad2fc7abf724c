"""Cross-tenant: a backup of one committee carries nothing of another (schema objects, public rows, files),
whether made by the command or by the beat task dispatched to every ready tenant."""

import json
import subprocess
import tarfile
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from config.celery import app
from core.tasks import TenantRequired
from tenants.backup.archive import ArchiveReader
from tenants.backup.models import BackupStatus, BackupTrigger, TenantBackup
from tenants.backup.pgtools import libpq_env, tools
from tenants.backup.tasks import scheduled_backup
from tenants.tasks import dispatch_to_ready_tenants

TASK = "tenants.backup.tasks.scheduled_backup"


def _dump_sql(archive: Path, tmp_path: Path) -> tuple[str, str]:
    """(pg_restore --list, the dump as SQL) of the archive's schema dump."""
    dump = tmp_path / "schema.dump"
    with tarfile.open(archive) as tar:
        dump.write_bytes(tar.extractfile("schema.dump").read())  # type: ignore[union-attr]
    pg_restore = str(tools()["pg_restore"])
    listing = subprocess.run([pg_restore, "--list", str(dump)], capture_output=True, text=True, check=True).stdout
    sql = subprocess.run(
        [pg_restore, "--file=-", str(dump)], capture_output=True, text=True, check=True, env=libpq_env()
    ).stdout
    return listing, sql


def _assert_only(archive: Path, mine: str, theirs: str, tenant_id: int, tmp_path: Path) -> None:
    listing, sql = _dump_sql(archive, tmp_path)
    objects = [line for line in listing.splitlines() if line and not line.startswith(";")]
    assert objects and all(f" {mine} " in line for line in objects if " SCHEMA - " not in line)
    assert theirs not in sql and mine in sql
    reader = ArchiveReader(archive)
    try:
        assert reader.manifest.slug == mine
        public = json.loads(reader.read_bytes("public.json"))
        assert theirs not in json.dumps(public, ensure_ascii=False)
        assert [row["id"] for row in public["tenant"]] == [tenant_id]
        for key in ("domain", "tenant_plan", "rollout_wave", "rollout_unit", "officer", "adoption_snapshot"):
            assert public[key] and {row["tenant_id"] for row in public[key]} == {tenant_id}, key
        assert {row["tenant_slug"] for row in public["platform_audit"]} == {mine}
        names = reader.manifest.file_names
        assert len(names) == 2 and all(theirs.encode() not in reader.read_bytes(n) for n in names)
        assert any(mine.encode() in reader.read_bytes(n) for n in names)
    finally:
        reader.close()


def test_command_backup_of_one_committee_holds_nothing_of_another(committed, tmp_path):
    out = tmp_path / "src.tar"
    call_command("tenant_backup", "--tenant", "bksrc", "--output", str(out), stdout=StringIO())
    _assert_only(out, "bksrc", "bkother", committed.src.tenant.pk, tmp_path)


def test_beat_backs_up_every_ready_tenant_each_alone(committed, tmp_path):
    with mock.patch.object(app, "send_task") as send:
        dispatch_to_ready_tenants(TASK)
    sent = {c.kwargs["headers"]["_schema_name"]: c.args[0] for c in send.call_args_list}
    assert sent["bksrc"] == TASK and sent["bkother"] == TASK
    for slug in ("bkother", "bksrc"):  # replay the two messages as a worker would run them
        app.tasks[TASK].apply(headers={"_schema_name": slug}).get()
    for slug, theirs, tenant in (
        ("bksrc", "bkother", committed.src.tenant),
        ("bkother", "bksrc", committed.other.tenant),
    ):
        backup = TenantBackup.objects.filter(tenant_slug=slug, trigger=BackupTrigger.SCHEDULED).get()
        assert backup.status == BackupStatus.DONE and backup.tenant_id == tenant.pk and backup.size_bytes > 0
        assert Path(backup.path).parent == committed.backups / slug
        _assert_only(Path(backup.path), slug, theirs, tenant.pk, tmp_path)


def test_the_backup_task_refuses_to_run_without_a_tenant(committed):
    with pytest.raises(TenantRequired):
        scheduled_backup.apply(headers={"_schema_name": "public"}).get()
