"""pg_dump of one schema inside the backup's snapshot, and its replay into a staging schema of another name.

Backup: the backup's own connection opens a REPEATABLE READ transaction and exports its snapshot; pg_dump
runs with `--snapshot`, so the dump, the row counts and checksums, and the public rows all describe the same
instant.

Restore: `pg_restore --file=-` turns the dump into SQL, which streams through `rename_schema` into psql (one
transaction, stop at the first error). Only SQL lines are rewritten — the `<schema>.` qualifiers pg_dump
writes before every name, and `CREATE SCHEMA` — while the rows between `COPY … FROM stdin;` and `\\.` pass
untouched, so data that happens to contain the slug is never changed.
"""

import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings

from tenants.backup.pgtools import libpq_env, raw_connection


class DumpFailed(RuntimeError):
    pass


@contextmanager
def exported_snapshot() -> Iterator[tuple[psycopg.Connection[Any], str]]:
    """A read-only REPEATABLE READ transaction on a connection of its own, and its exported snapshot id."""
    conn = raw_connection(autocommit=False)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            yield conn, row[0]
    finally:
        conn.rollback()
        conn.close()


def _run(cmd: list[str], *, what: str, **kwargs: Any) -> None:
    with tempfile.TemporaryFile() as err:
        code = subprocess.run(cmd, env=libpq_env(), stderr=err, check=False, **kwargs).returncode  # noqa: S603
        if code:
            err.seek(0)
            raise DumpFailed(f"{what} failed ({code}): {err.read().decode(errors='replace')[-2000:]}")


def dump_schema(*, pg_dump: Path, schema: str, snapshot: str, target: Path) -> None:
    """Custom-format dump of `schema` alone (no owners, no privileges) as of `snapshot`."""
    _run(
        [
            str(pg_dump),
            "--format=custom",
            f"--compress={settings.BACKUP_COMPRESSION}",
            f'--schema="{schema}"',
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--lock-wait-timeout={settings.BACKUP_LOCK_WAIT_SECONDS * 1000}",
            f"--file={target}",
        ],
        what="pg_dump",
    )


def _qualifier(schema: str) -> re.Pattern[bytes]:
    name = re.escape(schema.encode())
    return re.compile(rb'(?<![\w".$])(?:' + name + rb'|"' + name + rb'")\.')


def rename_schema(lines: Iterable[bytes], old: str, new: str) -> Iterator[bytes]:
    """pg_restore's SQL for schema `old`, rewritten to create and fill schema `new` (see the module doc)."""
    qualifier = _qualifier(old)
    replacement = new.encode() + b"."
    create = {f"CREATE SCHEMA {old};\n".encode(), f'CREATE SCHEMA "{old}";\n'.encode()}
    in_copy = False
    for line in lines:
        if in_copy:
            if line == b"\\.\n":
                in_copy = False
            yield line
            continue
        if line in create:
            yield f"CREATE SCHEMA {new};\n".encode()
            continue
        if line.startswith(b"COPY ") and line.endswith(b" FROM stdin;\n"):
            in_copy = True
        yield qualifier.sub(replacement, line) if b"." in line else line


def _pump(source: IO[bytes], sink: IO[bytes], old: str, new: str) -> None:
    buffer: list[bytes] = []
    size = 0
    for line in rename_schema(source, old, new):
        buffer.append(line)
        size += len(line)
        if size >= 1 << 20:
            sink.write(b"".join(buffer))
            buffer, size = [], 0
    sink.write(b"".join(buffer))


def restore_as(*, pg_restore: Path, psql: Path, dump: Path, old: str, new: str) -> None:
    """Create schema `new` from a dump of schema `old` in one transaction (nothing is left on failure)."""
    env = libpq_env()
    with tempfile.TemporaryFile() as restore_err, tempfile.TemporaryFile() as psql_err:
        reader = subprocess.Popen(  # noqa: S603
            [str(pg_restore), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=restore_err,
            env=env,
        )
        writer = subprocess.Popen(  # noqa: S603
            [str(psql), "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_err,
            env=env,
        )
        assert reader.stdout is not None and writer.stdin is not None
        try:
            _pump(reader.stdout, writer.stdin, old, new)
        except BrokenPipeError:
            pass  # psql stopped on an error: reported below
        finally:
            writer.stdin.close()
            reader.stdout.close()
        codes = (reader.wait(), writer.wait())
        if any(codes):
            restore_err.seek(0)
            psql_err.seek(0)
            detail = (restore_err.read() + psql_err.read()).decode(errors="replace")[-2000:]
            raise DumpFailed(f"pg_restore | psql failed {codes}: {detail}")
