"""Clone the migrated template schema into a new tenant schema, in the caller's transaction.

Replaces django-tenants' clone_schema() SQL function (reinstalled on every call) followed by a faked
`migrate_schemas` run (which loads the whole migration graph): here the DDL is read from the catalog
once and replayed in one round trip, and the template's rows — django_migrations, content types,
permissions — are copied with it, so the new schema records exactly the migrations the template has.

Supported objects: tables with columns, defaults, identity columns, generated columns, NOT NULL and CHECK
constraints (CREATE TABLE ... LIKE), primary/unique/exclusion/foreign-key constraints under their original
names, other indexes under their original names, triggers calling a function that lives outside the template
(e.g. the audit log's append-only guard in `public`), and the rows. Anything else in the template (views,
functions, triggers on the template's own functions, standalone sequences) raises UnsupportedTemplateObject
instead of cloning silently less than the template holds. Constraint and index names are kept because Django
migrations drop and alter them by name.
"""

import re

from django.db import connection
from django_tenants.utils import quote_schema_name

from tenants.db.schema import tenant_connection

_TABLES_SQL = """
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname
"""
_COLUMNS_SQL = """
    SELECT c.relname, a.attname, a.attidentity <> '' AS is_identity
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      AND a.attgenerated = ''
    ORDER BY c.relname, a.attnum
"""
# Constraints not copied by LIKE (NOT NULL 'n' and CHECK 'c' are), primary/unique before foreign keys.
_CONSTRAINTS_SQL = """
    SELECT c.relname, con.conname, pg_get_constraintdef(con.oid)
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %s AND con.contype IN ('p', 'u', 'x', 'f')
    ORDER BY CASE con.contype WHEN 'f' THEN 1 ELSE 0 END, c.relname, con.conname
"""
_INDEXES_SQL = """
    SELECT pg_get_indexdef(i.indexrelid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = %s AND NOT EXISTS (
        SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
    )
    ORDER BY 1
"""
_UNSUPPORTED_SQL = """
    SELECT 'view ' || relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(s)s AND c.relkind IN ('v', 'm', 'f')
    UNION ALL
    SELECT 'sequence ' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(s)s AND c.relkind = 'S' AND NOT EXISTS (
            SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('i', 'a'))
    UNION ALL
    SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = %(s)s
    UNION ALL
    SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE n.nspname = %(s)s AND NOT t.tgisinternal AND p.pronamespace = n.oid
"""
# Triggers whose function lives in another schema (public): replayed after the rows are copied.
_TRIGGERS_SQL = """
    SELECT pg_get_triggerdef(t.oid), fn.nspname, p.proname
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace
    WHERE n.nspname = %s AND NOT t.tgisinternal
    ORDER BY t.tgname
"""
_COUNT_SQL = """
    SELECT
      (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = %(s)s AND c.relkind IN ('r', 'p', 'i', 'S')),
      (SELECT count(*) FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
        WHERE n.nspname = %(s)s),
      (SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n
        ON n.oid = c.relnamespace WHERE n.nspname = %(s)s AND NOT t.tgisinternal)
"""


class UnsupportedTemplateObject(RuntimeError):
    pass


class CloneMismatch(RuntimeError):
    pass


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def build_clone_script(template: str) -> str:
    """SQL that recreates `template`'s tables, rows, constraints and indexes in the current search_path."""
    with connection.cursor() as cursor:
        cursor.execute(_UNSUPPORTED_SQL, {"s": template})
        unsupported = [row[0] for row in cursor.fetchall()]
        if unsupported:
            raise UnsupportedTemplateObject(f"template schema holds objects the clone skips: {unsupported}")
        cursor.execute(_TABLES_SQL, [template])
        tables = [row[0] for row in cursor.fetchall()]
        cursor.execute(_COLUMNS_SQL, [template])
        columns = cursor.fetchall()
        cursor.execute(_CONSTRAINTS_SQL, [template])
        constraints = cursor.fetchall()
        cursor.execute(_INDEXES_SQL, [template])
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(_TRIGGERS_SQL, [template])
        triggers = [_qualified_function(*row) for row in cursor.fetchall()]

    src = quote_schema_name(template)
    like = "INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING STORAGE"
    statements = [f"CREATE TABLE {_q(t)} (LIKE {src}.{_q(t)} {like})" for t in tables]

    cols_by_table: dict[str, list[str]] = {}
    identity: list[tuple[str, str]] = []
    for table, column, is_identity in columns:
        cols_by_table.setdefault(table, []).append(_q(column))
        if is_identity:
            identity.append((table, column))
    for table, cols in cols_by_table.items():
        col_list = ", ".join(cols)
        statements.append(f"INSERT INTO {_q(table)} ({col_list}) SELECT {col_list} FROM {src}.{_q(table)}")
    for table, column in identity:
        statements.append(
            f"SELECT setval(pg_get_serial_sequence({_literal(_q(table))}, {_literal(column)}), "
            f"COALESCE((SELECT max({_q(column)}) FROM {_q(table)}), 0) + 1, false)"
        )
    for table, name, definition in constraints:
        # Foreign keys print their target unqualified when it lives in the template: make that explicit.
        statements.append(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {_unqualify(definition, template)}")
    statements.extend(_unqualify(definition, template) for definition in indexes)
    statements.extend(_unqualify(definition, template) for definition in triggers)
    return ";\n".join(statements) + ";"


def _qualified_function(definition: str, schema: str, function: str) -> str:
    """The trigger's function with its schema: the clone runs with only the new schema on the search_path."""
    return definition.replace(f"EXECUTE FUNCTION {function}(", f"EXECUTE FUNCTION {_q(schema)}.{_q(function)}(")


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _unqualify(sql: str, template: str) -> str:
    """Drop the template's schema qualifier so names resolve in the new schema (the search_path)."""
    pattern = r"(?<![\w\"])(?:" + re.escape(quote_schema_name(template)) + "|" + re.escape(template) + r")\."
    return re.sub(pattern, "", sql)


def clone_schema(template: str, target: str) -> None:
    """Create `target` as a copy of `template`. Must run inside a transaction (atomic)."""
    script = build_clone_script(template)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA {quote_schema_name(target)}")
        # SET LOCAL: the clone resolves every unqualified name in the new schema; the transaction's end
        # restores the connection's search_path.
        cursor.execute(f"SET LOCAL search_path = {quote_schema_name(target)}")
        cursor.execute(script)
        cursor.execute(_COUNT_SQL, {"s": template})
        expected = cursor.fetchone()
        cursor.execute(_COUNT_SQL, {"s": target})
        got = cursor.fetchone()
    # The backend believes its own search_path is still set; SET LOCAL changed it until commit/rollback.
    tenant_connection().search_path_set_schemas = None
    if expected != got:
        raise CloneMismatch(
            f"clone of {template} into {target}: expected (relations, constraints, triggers) {expected}, got {got}"
        )
