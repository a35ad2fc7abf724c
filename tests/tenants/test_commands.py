"""Management commands: tenant_create (through the task, with progress), suspend, archive, delete."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_exists

from tenants.models import Tenant, TenantStatus


def _run_on_commit_now():
    # The test transaction never commits; run the service's after-commit hooks (the eager task) at once.
    return mock.patch("tenants.provisioning.services.transaction.on_commit", side_effect=lambda fn, *a, **k: fn())


def test_tenant_create_provisions_through_the_task_and_prints_the_admin_link(db):
    out = StringIO()
    with _run_on_commit_now():
        call_command(
            "tenant_create",
            slug="ninhbinh",
            name="Đảng bộ tỉnh Ninh Bình",
            admin_email="bantochuc@ninhbinh.vn",
            stdout=out,
        )
    text = out.getvalue()
    assert "100% Hoàn tất" in text
    assert "Sẵn sàng: https://ninhbinh.sotay.test/" in text
    assert "/tai-khoan/dat-mat-khau/" in text
    assert Tenant.objects.get(schema_name="ninhbinh").status == TenantStatus.READY


def test_tenant_create_reports_bad_input_in_vietnamese(db):
    with pytest.raises(CommandError, match="dành riêng"):
        call_command("tenant_create", slug="public", name="X", admin_email="a@b.vn", stdout=StringIO())


def test_tenant_create_gives_up_waiting_with_a_hint_when_no_worker_runs(db):
    with (
        mock.patch("tenants.tasks.provision_tenant.delay"),
        _run_on_commit_now(),
        pytest.raises(CommandError, match="worker Celery"),
    ):
        call_command(
            "tenant_create", slug="ninhbinh", name="Ninh Bình", admin_email="a@b.vn", timeout=0.3, stdout=StringIO()
        )


def test_suspend_archive_delete_commands(alpha):
    call_command("tenant_suspend", tenant="alpha", reason="Bảo trì", stdout=StringIO())
    assert Tenant.objects.get(pk=alpha.pk).status == TenantStatus.SUSPENDED
    call_command("tenant_archive", tenant="alpha", stdout=StringIO())
    assert Tenant.objects.get(pk=alpha.pk).status == TenantStatus.ARCHIVED
    with pytest.raises(CommandError, match="Xác nhận không khớp"):
        call_command("tenant_delete", tenant="alpha", stdout=StringIO())
    with pytest.raises(CommandError, match="Không có đảng bộ"):
        call_command("tenant_suspend", tenant="nowhere", stdout=StringIO())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("tenant_delete", tenant="alpha", confirm="alpha", stdout=StringIO())
    assert not schema_exists("alpha")
