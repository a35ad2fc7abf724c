"""Catalog reads and a query recorder for the Citus readiness tests (infra/citus.md, ADR 0025).

`SchemaRecorder` asks PostgreSQL itself which relations every statement touches: before each statement runs,
the same SQL is planned with `EXPLAIN (VERBOSE, FORMAT JSON)` on the same session (so the same search_path),
and the plan's scan nodes name their schema and table. Nothing is parsed by hand; a view reaching another
schema by any route (a qualified name, a search_path change, a function) shows in the plan.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection


def tenant_schemas(cursor: Any) -> list[str]:
    """The template and every tenant schema (what Citus would distribute)."""
    cursor.execute("SELECT schema_name FROM public.tenants_tenant ORDER BY 1")
    found = [row[0] for row in cursor.fetchall()]
    cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = '_template'")
    return (["_template"] if cursor.fetchone() else []) + found


def _relations(plan: Any) -> Iterator[tuple[str, str]]:
    if isinstance(plan, dict):
        if "Schema" in plan and "Relation Name" in plan:
            yield plan["Schema"], plan["Relation Name"]
        for value in plan.values():
            yield from _relations(value)
    elif isinstance(plan, list):
        for value in plan:
            yield from _relations(value)


PLANNED = ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE")


@dataclass
class SchemaRecorder:
    touched: dict[tuple[str, str], str] = field(default_factory=dict)  # (schema, table) -> where first seen
    per_statement: list[tuple[frozenset[tuple[str, str]], str]] = field(default_factory=list)
    statements: int = 0
    label: str = ""  # what is being walked (a route), for the messages

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many and sql.lstrip().upper().startswith(PLANNED):
            self._plan(sql, params)
        return execute(sql, params, many, context)

    def _plan(self, sql: str, params: Any) -> None:
        raw = connection.connection
        assert raw is not None
        with raw.cursor() as cursor:
            cursor.execute("SAVEPOINT citus_probe")
            try:
                cursor.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
            finally:
                cursor.execute("ROLLBACK TO SAVEPOINT citus_probe")
                cursor.execute("RELEASE SAVEPOINT citus_probe")
        self.statements += 1
        relations = frozenset(_relations(plan))
        where = f"{self.label}: {sql[:200]}"
        self.per_statement.append((relations, where))
        for relation in relations:
            self.touched.setdefault(relation, where)

    def schemas(self) -> set[str]:
        return {schema for schema, _table in self.touched}

    def public_tables(self) -> set[str]:
        return {table for schema, table in self.touched if schema == "public"}


@contextmanager
def recording() -> Iterator[SchemaRecorder]:
    recorder = SchemaRecorder()
    with connection.execute_wrapper(recorder):
        yield recorder
