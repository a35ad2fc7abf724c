"""Which schemas lack which migrations, and applying them: public, the template, then every tenant.

Up-to-date schemas are recognised with one query over all schemas' django_migrations tables, compared to
the migration graph on disk (read once per process), so a deploy with nothing to do never starts Django's
migrate. Schemas that need work are migrated in parallel worker processes; one failure does not stop the
others and every schema's outcome is reported.
"""

import functools
import multiprocessing
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.utils import app_labels, get_public_schema_name, quote_schema_name, schema_exists

from tenants.db.schema import activate_public, tenant_connection
from tenants.models import Tenant


@dataclass
class SchemaResult:
    schema: str
    applied: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@functools.cache
def expected_migrations(public: bool) -> frozenset[tuple[str, str]]:
    """(app_label, name) of every migration the public schema (or a tenant schema) must have."""
    labels = set(app_labels(settings.SHARED_APPS if public else settings.TENANT_APPS))
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return frozenset(key for key in loader.graph.nodes if key[0] in labels)


def tenant_schemas() -> list[str]:
    """Schemas of tenants that have one (archived ones keep theirs and are migrated too)."""
    return list(
        Tenant.objects.exclude(status__in=["provisioning", "failed"])
        .order_by("schema_name")
        .values_list("schema_name", flat=True)
    )


def missing_by_schema(schemas: Iterable[str]) -> dict[str, set[tuple[str, str]]]:
    """For each schema, the expected migrations it has not recorded (all of them if it has no table)."""
    schemas = list(schemas)
    public = get_public_schema_name()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schemas],
        )
        with_table = {row[0] for row in cursor.fetchall()}
        applied: dict[str, set[tuple[str, str]]] = {s: set() for s in schemas}
        if with_table:
            union = " UNION ALL ".join(
                f"SELECT %s, app, name FROM {quote_schema_name(s)}.django_migrations" for s in sorted(with_table)
            )
            cursor.execute(union, sorted(with_table))
            for schema, app, name in cursor.fetchall():
                applied[schema].add((app, name))
    return {s: set(expected_migrations(s == public)) - applied[s] for s in schemas}


def migrate_schema(schema: str, verbosity: int = 0) -> SchemaResult:
    """Run Django's migrate for one schema (creating it if missing); never raises."""
    result = SchemaResult(schema=schema)
    try:
        public = schema == get_public_schema_name()
        if not public and not schema_exists(schema):
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE SCHEMA {quote_schema_name(schema)}")
        tenant_connection().set_schema(schema, include_public=False)
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        before = set(recorder.applied_migrations())
        tenant_connection().set_schema(schema, include_public=public)
        call_command(MigrateCommand(), interactive=False, verbosity=verbosity, database="default", skip_checks=True)
        after = set(MigrationRecorder(connection).applied_migrations())
        result.applied = sorted(f"{app}.{name}" for app, name in after - before)
    except Exception:
        result.error = traceback.format_exc(limit=6)
    finally:
        activate_public()
    return result


def _migrate_in_child(schema: str) -> SchemaResult:
    connections.close_all()  # never reuse the parent's socket
    try:
        return migrate_schema(schema)
    finally:
        connections.close_all()


def migrate_everything(*, processes: int, report: Callable[[SchemaResult], None]) -> list[SchemaResult]:
    """Migrate public, then the template, then every tenant that needs it (in parallel)."""
    results: list[SchemaResult] = []
    public = get_public_schema_name()
    template = settings.TENANT_TEMPLATE_SCHEMA
    for schema in (public, template):
        missing = missing_by_schema([schema])[schema] if schema_exists(schema) else {("*", "*")}
        result = migrate_schema(schema) if missing else SchemaResult(schema=schema)
        report(result)
        results.append(result)
        if not result.ok:
            return results  # tenants are never migrated past a broken public schema or template
    lacking_by_tenant = missing_by_schema(tenant_schemas())
    todo = [schema for schema, lacking in lacking_by_tenant.items() if lacking]
    for schema in lacking_by_tenant:
        if schema not in todo:
            up_to_date = SchemaResult(schema=schema)
            report(up_to_date)
            results.append(up_to_date)
    if not todo:
        return results
    if processes <= 1 or len(todo) == 1:
        for schema in todo:
            result = migrate_schema(schema)
            report(result)
            results.append(result)
        return results
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(min(processes, len(todo))) as pool:
        for result in pool.imap_unordered(_migrate_in_child, todo):
            report(result)
            results.append(result)
    return results
