"""The console shows each tenant's last backup (time, size, status) to those who see that tenant; an officer of
alpha never sees beta's. Retention of scheduled archives: by age and by count, never the newest one."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tenants.backup.models import BackupStatus, BackupTrigger, TenantBackup
from tenants.backup.services import tenant_backups_prune
from tenants.rollout.models import ConsoleOfficer
from tests.conftest import PASSWORD
from tests.helpers import console_login

pytestmark = pytest.mark.django_db


def _backup(tenant, *, days_ago: float, status=BackupStatus.DONE, size=0, path="", trigger=BackupTrigger.SCHEDULED):
    at = timezone.now() - dt.timedelta(days=days_ago)
    return TenantBackup.objects.create(
        tenant=tenant, tenant_slug=tenant.schema_name, trigger=trigger, status=status, started_at=at,
        finished_at=at, size_bytes=size, path=path, error="pg_dump: lỗi thử" if status == BackupStatus.FAILED else "",
    )  # fmt: skip


@pytest.fixture
def officer_client(alpha, platform_client) -> Client:
    user = User.objects.create_user("can_bo_alpha", password=PASSWORD, is_staff=True)
    ConsoleOfficer.objects.create(user=user, tenant=alpha, invited_by="operator")
    console_login(platform_client, "can_bo_alpha", PASSWORD)  # password and second factor, as every console user
    return platform_client


def test_operator_sees_each_tenants_last_backup(operator_client, alpha, beta):
    _backup(alpha, days_ago=2, size=10 * 1024 * 1024)
    _backup(alpha, days_ago=0.1, size=3 * 1024 * 1024)
    _backup(beta, days_ago=0.2, status=BackupStatus.FAILED)
    body = operator_client.get("/console/").content.decode().replace("\xa0", " ")
    cells = body.split('data-testid="last-backup"')[1:]
    alpha_cell = next(c for c in cells if "3,0 MB" in c)
    assert "Hoàn tất" in alpha_cell and "10,0 MB" not in body
    assert any("Lỗi" in c for c in cells)
    detail = operator_client.get(f"/console/dang-bo/{beta.pk}/").content.decode()
    assert 'data-testid="backups"' in detail and "pg_dump: lỗi thử" in detail


def test_tenant_without_backup_says_so(operator_client, alpha):
    assert "Chưa sao lưu" in operator_client.get("/console/").content.decode()


def test_officer_sees_only_their_tenants_backup(officer_client, alpha, beta):
    _backup(alpha, days_ago=0.1, size=5 * 1024 * 1024)
    _backup(beta, days_ago=0.1, size=7 * 1024 * 1024)
    body = officer_client.get("/console/").content.decode().replace("\xa0", " ")
    assert body.count('data-testid="last-backup"') == 1
    assert "5,0 MB" in body and "7,0 MB" not in body
    assert officer_client.get(f"/console/dang-bo/{beta.pk}/").status_code == 404
    assert 'data-testid="backups"' not in officer_client.get(f"/console/dang-bo/{alpha.pk}/").content.decode()


def test_retention_by_age_and_count_keeps_the_newest(alpha, beta, settings, tmp_path):
    settings.BACKUP_KEEP_DAYS, settings.BACKUP_KEEP_COUNT = 7, 3

    def archive(tenant, days_ago, **kw):
        path = tmp_path / f"{tenant.schema_name}-{days_ago}.tar"
        path.write_bytes(b"x")
        return _backup(tenant, days_ago=days_ago, path=str(path), **kw)

    fresh = [archive(alpha, d) for d in (0.1, 1, 2, 3)]  # the 4th newest goes by count
    old = archive(alpha, 9)  # by age
    manual = archive(alpha, 30, trigger=BackupTrigger.MANUAL)  # not the schedule's to delete
    failed_old = _backup(alpha, days_ago=8, status=BackupStatus.FAILED)
    only_old = archive(beta, 40)  # beta's newest finished backup: kept however old
    assert tenant_backups_prune(tenant_slug="alpha") == 2
    kept = set(TenantBackup.objects.filter(status=BackupStatus.DONE).values_list("pk", flat=True))
    assert kept == {fresh[0].pk, fresh[1].pk, fresh[2].pk, manual.pk, only_old.pk}
    assert not Path(fresh[3].path).exists() and not Path(old.path).exists() and Path(manual.path).exists()
    assert TenantBackup.objects.get(pk=old.pk).status == BackupStatus.PRUNED
    assert not TenantBackup.objects.filter(pk=failed_old.pk).exists()
    assert tenant_backups_prune(tenant_slug="beta") == 0 and Path(only_old.path).exists()
