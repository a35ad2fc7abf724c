"""migrate_tenants: up-to-date schemas are skipped without Django's migrate; failures are isolated."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tenants import schema_migrations
from tenants.provisioning import services


def _tenant(slug: str):
    tenant = services.tenant_request(
        slug=slug, name=f"Đảng bộ {slug}", admin_email=f"a@{slug}.vn", actor="t", enqueue=False
    )
    return services.tenant_provision(tenant_id=tenant.pk)


def test_nothing_to_do_runs_no_django_migrate(db):
    with mock.patch.object(schema_migrations, "migrate_schema") as migrate:
        out = StringIO()
        call_command("migrate_tenants", processes=1, stdout=out)
    migrate.assert_not_called()
    assert "0 migrated" in out.getvalue() and "0 failed" in out.getvalue()


def test_missing_by_schema_uses_one_query_for_all_schemas(alpha, beta):
    from django.test.utils import CaptureQueriesContext

    schema_migrations.expected_migrations(False)  # the on-disk graph is read once per process
    with CaptureQueriesContext(connection) as ctx:
        missing = schema_migrations.missing_by_schema(["alpha", "beta", "_template"])
    assert missing == {"alpha": set(), "beta": set(), "_template": set()}
    assert len(ctx.captured_queries) == 2  # which schemas have the table, then one UNION ALL


def test_one_broken_tenant_does_not_stop_the_others(db):
    _tenant("gamma")
    _tenant("delta")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction still holds deferred FK checks
        # gamma: the table exists but its migration is not recorded -> migrate fails ("already exists")
        cursor.execute("DELETE FROM gamma.django_migrations WHERE app = 'audit'")
        # delta: table and record both missing -> migrate recreates it
        cursor.execute("DROP TABLE delta.audit_auditevent")
        cursor.execute("DELETE FROM delta.django_migrations WHERE app = 'audit'")
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"1 migrated, .* 1 failed"):
        call_command("migrate_tenants", processes=1, stdout=out, stderr=err)
    assert "[gamma] FAILED" in err.getvalue()
    delta_line = next(line for line in out.getvalue().splitlines() if line.startswith("[delta]"))
    assert "audit.0001_initial" in delta_line
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('delta.audit_auditevent') IS NOT NULL")
        assert cursor.fetchone() == (True,)
