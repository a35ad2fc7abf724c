"""`make bench`: fresh benchmark databases on the embedded PostgreSQL (or DATABASE_URL's server), then
the benchmark scripts under tests/bench/. Not part of `make test`."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from infra.dev.services import ROOT, _log, base_env, ensure_database

# One module per issue's targets; each prints its own table. `faults` (worker kills, PostgreSQL restart, Redis
# outage) is run on its own — `make bench ARGS=faults` — because it restarts the database server; so is `load`
# (gunicorn + wrk on the machine's cores: `make bench ARGS=load`, tests/bench/load.py), which must not share
# the cores with another benchmark.
DEFAULT_SCRIPTS = [
    "tests.bench.foundation",
    "tests.bench.import_members",
    "tests.bench.member_list",
    "tests.bench.adoption",
    "tests.bench.meetings",
    "tests.bench.library",
    "tests.bench.news",
    "tests.bench.backup",
    "tests.bench.reports",
    "tests.bench.notifications",
    "tests.bench.assistant",
]


def _fresh(url: str, name: str) -> str:
    """A new empty database `name`; with BENCH_KEEP_DB=1 an existing one is kept (re-runs skip the seeding)."""
    import psycopg

    parsed = urlparse(url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    keep = os.environ.get("BENCH_KEEP_DB", "") in ("1", "true", "yes")
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (keep and exists):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def main() -> int:
    url = ensure_database()
    env = base_env("config.settings.local", url)
    env["BENCH_DATABASE_URL"] = _fresh(url, "sotay_bench")
    env["BENCH_PLAIN_DATABASE_URL"] = _fresh(url, "sotay_bench_plain")
    env["SOTAY_DATA_DIR"] = str(ROOT / ".data" / "bench")
    # `bench.py meetings` is short for `bench.py tests.bench.meetings`; arguments starting with "-" go to the
    # script named before them (`bench.py load --profile`).
    scripts: list[list[str]] = []
    for arg in sys.argv[1:]:
        if arg.startswith("-") and scripts:
            scripts[-1].append(arg)
        else:
            scripts.append([arg if "." in arg else f"tests.bench.{arg}"])
    defaults = [m for m in DEFAULT_SCRIPTS if (ROOT / (m.replace(".", "/") + ".py")).exists()]
    code = 0
    for module, *options in scripts or [[m] for m in defaults]:
        _log(f"benchmark {module}")
        code |= subprocess.call([sys.executable, "-m", module, *options], cwd=ROOT, env=env)
    return code


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
