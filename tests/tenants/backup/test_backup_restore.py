"""tenant_backup / tenant_restore: a committee restored as a new slug equals the original table by table; a
damaged committee is made whole; an existing slug is never replaced without confirmation; an archive that does
not match its manifest changes nothing; a deleted committee comes back on a server that no longer has it."""

import io
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from core.content.storage import object_key, put
from core.members.models import Member
from tenants.backup.archive import ArchiveError
from tenants.backup.models import BackupStatus, TenantBackup
from tenants.backup.restore import RestoreRefused, tenant_restore
from tenants.models import Domain, PlatformAuditEvent, Tenant, TenantStatus
from tenants.provisioning.services import tenant_delete, tenant_suspend
from tenants.rollout.models import AdoptionSnapshot, ConsoleOfficer, RolloutTransition, RolloutUnit, RolloutWave
from tests.helpers import in_tenant
from tests.tenants.backup.world import files_of, table_digests


def _backup(slug: str) -> Path:
    out = StringIO()
    call_command("tenant_backup", "--tenant", slug, stdout=out)
    backup = TenantBackup.objects.filter(tenant_slug=slug).order_by("-pk").first()
    assert backup is not None and backup.status == BackupStatus.DONE and "Đã sao lưu" in out.getvalue()
    return Path(backup.path)


def _public(tenant: Tenant) -> dict[str, int]:
    return {
        "rollout_unit": RolloutUnit.objects.filter(tenant=tenant).count(),
        "rollout_wave": RolloutWave.objects.filter(tenant=tenant).count(),
        "rollout_transition": RolloutTransition.objects.filter(rollout_unit__tenant=tenant).count(),
        "snapshot": AdoptionSnapshot.objects.filter(tenant=tenant).count(),
        "plan": int(hasattr(tenant, "plan")),
    }


def test_restore_as_new_slug_equals_the_original_table_by_table(committed):
    src = committed.src.tenant
    archive = _backup("bksrc")
    out = StringIO()
    call_command("tenant_restore", str(archive), "--as-slug", "bkcopy", stdout=out)
    assert "bản kê khớp" in out.getvalue() and "canbo@bksrc.vn" in out.getvalue()  # officer warning shown
    original, copy = table_digests("bksrc"), table_digests("bkcopy")
    assert set(original) == set(copy) and len(original) > 30
    assert original == copy  # every table: same row count and same rows
    assert original["members_member"][0] > 120 and original["audit_auditevent"][0] > 0
    assert files_of("bkcopy") == files_of("bksrc") and len(files_of("bksrc")) == 2
    restored = Tenant.objects.get(schema_name="bkcopy")
    assert restored.status == TenantStatus.SUSPENDED and restored.name == src.name
    assert list(restored.domains.values_list("domain", "is_primary")) == [("bkcopy.sotay.test", True)]
    assert _public(restored) == _public(src)
    assert not ConsoleOfficer.objects.filter(tenant=restored).exists()  # the officer stays with bksrc only
    copied = set(PlatformAuditEvent.objects.filter(tenant_slug="bkcopy").values_list("action", flat=True))
    assert {"tenant.ready", "rollout.wave_created", "tenant.restored"} <= copied
    with in_tenant(restored):
        assert Member.objects.count() == original["members_member"][0]


def test_restore_over_a_damaged_committee_makes_it_whole(committed):
    src = committed.src.tenant
    archive = _backup("bksrc")
    before, files_before, public_before = table_digests("bksrc"), files_of("bksrc"), _public(src)
    with in_tenant(src):
        Member.objects.filter(pk__in=Member.objects.order_by("pk").values("pk")[:25]).delete()
    committed.src.document.unlink()
    put(object_key("bksrc", "meetings", "la.pdf"), b"added after the backup")
    RolloutUnit.objects.filter(tenant=src).first().delete()  # type: ignore[union-attr]
    Tenant.objects.filter(pk=src.pk).update(name="Tên bị sửa")
    tenant_suspend(tenant=src, actor="tests")  # as the guide says: nobody writes during the restore
    assert table_digests("bksrc") != before
    call_command("tenant_restore", str(archive), "--confirm", "bksrc", stdout=StringIO())
    assert table_digests("bksrc") == before
    assert files_of("bksrc") == files_before
    src.refresh_from_db()
    assert src.name == "Đảng bộ bksrc" and _public(src) == public_before
    assert src.status == TenantStatus.SUSPENDED  # the operator resumes it when checked
    assert set(src.domains.values_list("domain", flat=True)) == {"bksrc.sotay.test", "bksrc.dangbo.vn"}
    assert ConsoleOfficer.objects.filter(tenant=src, user=committed.src.officer).exists()
    assert not [n for n in _schemas() if n.startswith(("_restore_", "_replaced_"))]


def _schemas() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return [row[0] for row in cursor.fetchall()]


def test_restore_over_an_existing_slug_needs_the_slug_typed_again(committed):
    archive = _backup("bkother")
    before = table_digests("bkother")
    for confirm in ("", "bksrc", "BKOTHER"):
        with pytest.raises(RestoreRefused) as refused:
            tenant_restore(archive_path=archive, actor="tests", confirm=confirm)
        assert refused.value.code == "confirmation_required" and "--confirm bkother" in refused.value.messages[0]
    with pytest.raises(CommandError, match="Nhập lại mã “bksrc”"):
        call_command("tenant_restore", str(archive), "--as-slug", "bksrc", stdout=StringIO())
    assert table_digests("bkother") == before
    assert not [n for n in _schemas() if n.startswith("_restore_")]


def test_an_archive_that_differs_from_its_manifest_changes_nothing(committed, tmp_path):
    archive = _backup("bkother")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as tar, tarfile.open(damaged, "w") as out:
        for member in tar.getmembers():
            data = tar.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "schema.dump":
                data = data[:-100] + bytes(100)
            out.addfile(member, io.BytesIO(data))
    before = table_digests("bkother")
    with pytest.raises(ArchiveError, match=r"schema\.dump does not match"):
        tenant_restore(archive_path=damaged, actor="tests", confirm="bkother")
    with pytest.raises(CommandError, match="nothing restored"):
        call_command("tenant_restore", str(damaged), "--as-slug", "bkfresh", stdout=StringIO())
    assert table_digests("bkother") == before and not schema_exists("bkfresh")
    assert not Tenant.objects.filter(schema_name="bkfresh").exists()


def test_a_deleted_committee_comes_back_on_a_server_without_it(committed):
    other = committed.other.tenant
    archive = _backup("bkother")
    before, files_before, public_before = table_digests("bkother"), files_of("bkother"), _public(other)
    hosts = set(other.domains.values_list("domain", flat=True))
    tenant_suspend(tenant=other, actor="tests")
    tenant_delete(tenant=other, actor="tests", confirm_slug="bkother")
    for path in committed.media.glob("*/bkother"):
        shutil.rmtree(path)
    assert not schema_exists("bkother") and not files_of("bkother")
    call_command("tenant_restore", str(archive), stdout=StringIO())  # no confirmation: nothing to replace
    back = Tenant.objects.get(schema_name="bkother")
    assert back.status == TenantStatus.READY and back.pk != other.pk
    assert table_digests("bkother") == before and files_of("bkother") == files_before
    assert _public(back) == public_before and set(back.domains.values_list("domain", flat=True)) == hosts
    assert ConsoleOfficer.objects.get(tenant=back).user == committed.other.officer
    assert Domain.objects.get(domain="bkother.sotay.test").tenant == back
