"""Row counts and checksums: of every table of a tenant schema (computed by PostgreSQL), and of the public rows
an archive carries (computed over their canonical JSON).

A table's checksum is the sum, as an exact numeric, of the first 64 bits of md5(row as text) over its rows:
independent of row order and of physical layout, sensitive to any changed, missing or extra row. The row text
depends on a few session settings, fixed here so a backup and a restore compute the same thing.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from psycopg import sql

FIXED_SETTINGS = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str

    def as_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "checksum": self.checksum}


def fix_session(cursor: Any) -> None:
    """Inside a transaction: the settings that decide how a row renders as text."""
    for statement in FIXED_SETTINGS:
        cursor.execute(statement)


def schema_tables(cursor: Any, schema: str) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname",
        [schema],
    )
    return [row[0] for row in cursor.fetchall()]


def table_sums(cursor: Any, schema: str) -> dict[str, TableSum]:
    """{table: (rows, checksum)} for every table of `schema`, in one statement (call after fix_session)."""
    tables = schema_tables(cursor, schema)
    if not tables:
        return {}
    parts = [
        sql.SQL(
            "SELECT {name}, count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 16))::bit(64)::bigint), 0)::text "
            "FROM {table} t"
        ).format(name=sql.Literal(table), table=sql.Identifier(schema, table))
        for table in tables
    ]
    cursor.execute(sql.SQL(" UNION ALL ").join(parts))
    return {name: TableSum(rows=int(count), checksum=total) for name, count, total in cursor.fetchall()}


def canonical(row: dict[str, Any]) -> bytes:
    return json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def rows_sum(rows: list[dict[str, Any]]) -> TableSum:
    """Checksum of public rows as the archive holds them: sha256 over their sorted canonical forms."""
    digest = hashlib.sha256()
    for line in sorted(canonical(row) for row in rows):
        digest.update(line + b"\n")
    return TableSum(rows=len(rows), checksum=digest.hexdigest())
