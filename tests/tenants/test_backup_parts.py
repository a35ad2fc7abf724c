"""Backup building blocks: client programs of the server's major version only; the schema rename touches SQL,
never the rows being copied; every public table that holds a tenant's rows is carried (or left out on purpose)."""

import pytest
from django.apps import apps
from django.db import models

from tenants.backup import pgtools
from tenants.backup.dump import rename_schema
from tenants.backup.public_rows import NOT_CARRIED, carried_models
from tenants.models import Tenant


@pytest.mark.django_db
def test_tools_match_the_server_major_version_or_fail_clearly(monkeypatch):
    major = pgtools.server_major()
    found = pgtools.tools()
    assert set(found) == {"pg_dump", "pg_restore", "psql"}
    assert all(pgtools.tool_major(str(path)) == major for path in found.values())
    monkeypatch.setattr(pgtools, "tool_major", lambda path: major - 3)
    with pytest.raises(pgtools.ToolMissing) as missing:
        pgtools.find_tool("pg_dump", major)
    message = str(missing.value)
    assert f"PostgreSQL {major}" in message and f"postgresql-client-{major}" in message and "PG_BIN_DIR" in message


def test_rename_rewrites_names_but_never_copied_rows():
    sql = [
        b"CREATE SCHEMA hanoi;\n",
        b"CREATE TABLE hanoi.members_member (\n",
        b"    id bigint DEFAULT nextval('hanoi.members_member_id_seq'::regclass) NOT NULL\n",
        b"COPY hanoi.members_member (id, note) FROM stdin;\n",
        b"1\thanoi.members_member stays as typed\n",
        b"\\.\n",
        b'ALTER TABLE ONLY "hanoi".x ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES hanoi.org_orgunit(id);\n',
        b"SELECT pg_catalog.setval('hanoi.members_member_id_seq', 1, true);\n",
        b"-- a comment about xhanoi.y and hanoi_old.t\n",
    ]
    out = list(rename_schema(sql, "hanoi", "_restore_ab"))
    assert out == [
        b"CREATE SCHEMA _restore_ab;\n",
        b"CREATE TABLE _restore_ab.members_member (\n",
        b"    id bigint DEFAULT nextval('_restore_ab.members_member_id_seq'::regclass) NOT NULL\n",
        b"COPY _restore_ab.members_member (id, note) FROM stdin;\n",
        b"1\thanoi.members_member stays as typed\n",
        b"\\.\n",
        b"ALTER TABLE ONLY _restore_ab.x ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES _restore_ab.org_orgunit(id);\n",
        b"SELECT pg_catalog.setval('_restore_ab.members_member_id_seq', 1, true);\n",
        b"-- a comment about xhanoi.y and hanoi_old.t\n",
    ]


def _refers_to_a_tenant(model: type[models.Model], known: set[type[models.Model]]) -> bool:
    for f in model._meta.concrete_fields:
        if f.column in ("tenant_slug", "schema_name") and model is not Tenant:
            return True
        if isinstance(f, models.ForeignKey) and f.related_model in known | {Tenant}:
            return True
    return False


def test_every_public_table_holding_tenant_rows_is_carried_or_named():
    """A new public model with a foreign key to Tenant (or to a carried table) or a tenant_slug column fails
    here until it is added to PUBLIC_TABLES or NOT_CARRIED (with a reason)."""
    from django.conf import settings

    shared_labels = {app.rsplit(".", 1)[-1] for app in settings.SHARED_APPS} - {
        a.rsplit(".", 1)[-1] for a in settings.TENANT_APPS
    }
    public_models = [m for m in apps.get_models() if m._meta.app_config.name.rsplit(".", 1)[-1] in shared_labels]
    public_models += [m for m in apps.get_models() if m._meta.app_label in ("backup", "rollout", "billing_free")]
    carried = carried_models()
    holding = {m for m in public_models if _refers_to_a_tenant(m, carried)} | {Tenant}
    assert holding - carried - set(NOT_CARRIED) == set()
    assert all(reason.strip() for reason in NOT_CARRIED.values())
