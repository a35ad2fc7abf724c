"""Citus readiness (infra/citus.md, ADR 0025): the schema stays distributable by schema-based sharding.

- the catalog: no foreign key between `public` and a tenant schema (either way), every tenant table has a
  primary key, every identity or sequence-backed column of a tenant table is bigint;
- the queries: every statement of every tenant page and API route, walked as the tenant's admin, touches only
  the tenant's schema and the public tables listed in REFERENCE_TABLES (those become Citus reference tables);
  the console's pages, the cross-tenant overview included, touch `public` only (per-tenant snapshots, never a
  join across schemas).
"""

import pytest
from django.db import connection

from tenants.db.schema import activate_public
from tests.citus.catalog import recording, tenant_schemas
from tests.conftest import PASSWORD
from tests.hardening.routes import PUBLIC_URLCONF, TENANT_URLCONF, routes
from tests.hardening.test_login_walk import walk_values  # noqa: F401 (a fixture: real ids for the walk)
from tests.helpers import console_login, web_login

# Public tables that tenant requests read: routing, plans and quotas, rollout gating, platform documents.
# Under Citus they become reference tables (a copy on every worker), see infra/citus.md §3.
REFERENCE_TABLES = {
    "tenants_tenant",
    "tenants_domain",
    "billing_free_plan",
    "billing_free_tenantplan",
    # the tenant's own usage and statement pages (/goi-dich-vu/) read its rows, filtered by tenant (ADR 0035)
    "billing_free_tenantusage",
    "billing_free_dailyusage",
    "billing_free_usagealert",
    "billing_free_planchange",
    "rollout_rolloutunit",
    "rollout_rolloutwave",
    "rollout_rolloutwave_units",
    "tenants_library_platformdocument",
    "tenants_library_platformattachment",
    "tenants_library_librarysubscription",
}


def _catalog(sql: str, schemas: list[str]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [schemas])
        return list(cursor.fetchall())


@pytest.fixture
def schemas(db) -> list[str]:
    activate_public()
    with connection.cursor() as cursor:
        found = tenant_schemas(cursor)
    assert {"_template", "alpha", "beta"} <= set(found)
    return found


def test_no_foreign_key_between_public_and_a_tenant_schema(schemas):
    crossing = _crossing_keys(schemas)
    assert crossing == [], f"foreign keys across schemas (Citus cannot distribute these): {crossing}"


def _crossing_keys(schemas: list[str]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.conname, fn.nspname || '.' || f.relname, tn.nspname || '.' || t.relname
            FROM pg_constraint c
            JOIN pg_class f ON f.oid = c.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
            JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
            WHERE c.contype = 'f' AND fn.nspname <> tn.nspname
              AND (fn.nspname = ANY(%(s)s) OR tn.nspname = ANY(%(s)s))""",
            {"s": [*schemas, "public"]},
        )
        return list(cursor.fetchall())


def test_every_tenant_table_has_a_primary_key(schemas):
    missing = _catalog(
        """SELECT n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
        ORDER BY 1""",
        schemas,
    )
    assert missing == [], f"tenant tables without a primary key: {missing}"


def test_every_identity_of_a_tenant_table_is_bigint(schemas):
    narrow = _catalog(
        """SELECT n.nspname || '.' || c.relname || '.' || a.attname, format_type(a.atttypid, a.atttypmod)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY(%s)
          AND (a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%%')
          AND a.atttypid <> 'bigint'::regtype
        ORDER BY 1""",
        schemas,
    )
    assert narrow == [], f"identity columns Citus refuses to distribute (not bigint): {narrow}"


def test_tenant_routes_touch_only_their_schema_and_reference_tables(walk_values, alpha_client):  # noqa: F811
    web_login(alpha_client, "admin", PASSWORD)
    walked = 0
    with recording() as recorder:
        for route in routes(TENANT_URLCONF, walk_values):
            if "dang-xuat" in route.path or "logout" in route.path:
                continue
            recorder.label = route.path
            alpha_client.get(route.path)
            walked += 1
    assert walked > 100 and recorder.statements > 500
    foreign = {(s, t): sql for (s, t), sql in recorder.touched.items() if s not in ("alpha", "public")}
    assert foreign == {}, f"tenant requests reached other schemas: {foreign}"
    unlisted = {t: recorder.touched[("public", t)] for t in recorder.public_tables() - REFERENCE_TABLES}
    assert unlisted == {}, f"public tables read by tenant requests, not planned as reference tables: {unlisted}"


def test_console_statements_each_reach_one_tenant_at_most_and_the_overview_none(alpha, beta, platform_client):
    """A console page may read one tenant's schema (a tenant's detail page, in that tenant's context: routed to
    one worker), never two in one statement, and never with a public table Citus keeps on the coordinator only;
    the cross-tenant overview reads public snapshots only."""
    console_login(platform_client, "operator", PASSWORD)
    with recording() as recorder:
        for route in routes(PUBLIC_URLCONF, {"tenant_id": str(alpha.pk)}):
            if "logout" not in route.path and "dang-xuat" not in route.path:
                recorder.label = route.path
                platform_client.get(route.path)
        recorder.label = "overview"
        assert platform_client.get("/console/tong-quan/").status_code == 200
    assert recorder.statements > 50
    for relations, where in recorder.per_statement:
        tenants = {schema for schema, _table in relations if schema != "public"}
        assert len(tenants) <= 1, f"one statement over several tenant schemas: {where}"
        if tenants:
            public = {table for schema, table in relations if schema == "public"}
            assert public <= REFERENCE_TABLES, f"a tenant table joined with {public - REFERENCE_TABLES}: {where}"
    overview = [(r, w) for r, w in recorder.per_statement if w.startswith("overview:")]
    assert overview and all(schema == "public" for r, _w in overview for schema, _t in r), overview
