"""Fault benchmark (issue 19): `make bench ARGS=faults`.

1. A Celery worker killed with SIGKILL in the middle of a job, for every kind in fault_jobs.KINDS (member import,
   account issuance, daily meeting series, notification fan-out): once killing only the pool process running the
   task (the worker gives the message back: reject_on_worker_lost), once killing the whole worker (a new worker gets the
   message after the broker's visibility timeout). Each job must then complete exactly once: rows expected,
   found, lost, duplicated.
2. PostgreSQL restarted while gunicorn serves an API endpoint to four clients, with and without connection
   health checks: failed requests among those started after the server was back (must be 0 with the checks),
   and with no request in flight at the restart (must be 0 with the checks).
3. Redis (cache) stopped for five seconds while a signed-in page is served: failed requests (must be 0).

The broker and cache are a redis-server this script starts (required: Debian's redis-server). The database
is the bench database; PostgreSQL can be restarted only when it is the embedded server of this checkout.
Workers' and gunicorn's own output goes to .data/bench/faults-logs/. FAULTS_ONLY=web skips the worker kills;
FAULTS_ONLY=workers runs only them, FAULT_KINDS=NotifyFanout,… only those kinds.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from tests.bench.fault_procs import ROOT, Load, WebServer, Worker, restart_postgres
from tests.redis_server import RedisServer, free_port

VISIBILITY_S = 10
TIMEOUT_S = 300
SLUG = "faultbench"


def _env(redis_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ["BENCH_DATABASE_URL"],
        DJANGO_SETTINGS_MODULE="config.settings.local",
        CELERY_BROKER_URL=redis_url,
        REDIS_URL=redis_url.rsplit("/", 1)[0] + "/1",
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_S),
        CELERY_UNACKED_RESTORE_SECONDS="1",
        JOB_BUSY_RETRY_SECONDS="2",
        NOTIFY_FANOUT_CHUNK="25000",
        DEBUG="false",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("-" * (sum(widths) + 2 * len(widths)))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)), flush=True)


def _wait(predicate, timeout: float, every: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


def _kill_run(kind, mode: str, env: dict[str, str], probe) -> list[str]:
    from django.db import connection

    for attempt in range(3):  # a job that ends before it could be caught in the middle is run again
        kind.reset()
        worker = Worker(env, f"w{attempt}").start()
        try:
            kind.enqueue()
            caught = _wait(lambda: kind.in_the_middle(probe) or kind.finished(probe), TIMEOUT_S)
            if not caught or kind.finished(probe):
                continue
            killed_at = time.monotonic()
            if mode == "pool process":
                worker.kill_child()
            else:
                worker.kill_all()
                worker = Worker(env, f"w{attempt}-restarted").start()
            done = _wait(lambda: kind.finished(probe), TIMEOUT_S, every=0.2)
            recovered = time.monotonic() - killed_at
            time.sleep(3)  # a duplicate run, if any, would show up now
            verdict = kind.verify(probe)
            connection.close()
            status = "OK" if done and verdict.ok else "FAILED"
            return [kind.name, mode, f"{verdict.expected:,}", f"{verdict.found:,}", str(verdict.lost),
                    str(verdict.duplicated), f"{recovered:.1f}", status, verdict.note]  # fmt: skip
        finally:
            worker.stop()
    return [kind.name, mode, "-", "-", "-", "-", "-", "NOT CAUGHT", "the job always ended before the kill"]


def _setup(work: Path):
    import django

    django.setup()
    from core.demo.generator import generate
    from core.members.models import Member
    from tenants.db.schema import activate_tenant
    from tests.bench.setup import bench_tenant

    tenant = bench_tenant(SLUG, "Đảng bộ (bench lỗi)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        generate(members=250_000, seed="faults")  # 10,000 cells
    return tenant


def worker_kills(env: dict[str, str], work: Path) -> bool:
    from psycopg.conninfo import make_conninfo

    from tenants.backup.pgtools import libpq_params
    from tests.bench.fault_jobs import KINDS, Probe

    tenant = _setup(work)
    probe = Probe(make_conninfo(**libpq_params()), tenant.schema_name)
    rows = []
    wanted = [k for k in os.environ.get("FAULT_KINDS", "").split(",") if k]
    for kind_class in KINDS:
        if wanted and kind_class.__name__ not in wanted:
            continue
        kind = kind_class()
        kind.prepare(tenant, work)
        for mode in ("pool process", "whole worker"):
            rows.append(_kill_run(kind, mode, env, probe))
            print("  " + " | ".join(rows[-1]), flush=True)
    probe.close()
    _table(
        f"Worker killed with SIGKILL mid-job (Redis broker; visibility timeout {VISIBILITY_S} s for a whole worker)",
        ["job", "killed", "expected", "found", "lost", "duplicated", "recovered s", "result", "details"],
        rows,
    )
    return all(r[7] == "OK" for r in rows)


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else (values[0] if values else 0.0)


def _credentials() -> tuple[str, str]:
    """(API token, session key) of a user of the bench tenant (the tenant is active)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User

    from core.accounts.tokens import token_issue

    user, _ = User.objects.get_or_create(username="faults_web", defaults={"is_staff": False})
    _, raw = token_issue(user=user, label="faults bench")
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY], store[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return raw, str(store.session_key)


def pg_restarts(env: dict[str, str], pgdata: Path, token: str) -> bool:
    from django.db import connection

    rows, port = [], free_port()
    for checks in (True, False):
        web = WebServer(env | {"DB_CONN_HEALTH_CHECKS": str(checks).lower()}, port).start()
        headers = {"Host": f"{SLUG}.localhost", "Authorization": f"Bearer {token}"}
        load = Load(url=f"http://127.0.0.1:{port}/api/v1/me/", headers=headers).start()
        time.sleep(3)
        load.pause()  # no request in flight …
        mark = len(load.outcomes)
        restart_postgres(pgdata)  # … while the server restarts
        load.resume()
        time.sleep(3)
        idle = load.outcomes[mark:]
        mark = len(load.outcomes)
        _, back = restart_postgres(pgdata)  # now with requests in flight
        time.sleep(4)
        busy = load.outcomes[mark:]
        load.stop()
        web.stop()
        connection.close()
        during = [o for o in busy if o.started < back]
        after = [o for o in busy if o.started >= back]
        rows.append([
            "on" if checks else "off",
            f"{sum(not o.ok for o in idle)} of {len(idle)}",
            f"{sum(not o.ok for o in during)} of {len(during)}",
            f"{sum(not o.ok for o in after)} of {len(after)}",
        ])  # fmt: skip
    _table(
        "PostgreSQL restarted (pg_ctl restart -m fast) under 4 clients of GET /api/v1/me/ on gunicorn (1 × 4 threads)",
        ["health checks", "failed after an idle restart", "failed, started before it was back", "failed after"],
        rows,
    )
    on = rows[0]
    return on[1].startswith("0 ") and on[3].startswith("0 ")


def redis_outage(env: dict[str, str], redis: RedisServer, session: str) -> bool:
    port = free_port()
    web = WebServer(env, port).start()
    headers = {"Host": f"{SLUG}.localhost", "Cookie": f"sessionid={session}"}
    load = Load(url=f"http://127.0.0.1:{port}/", headers=headers).start()
    time.sleep(3)
    down = time.monotonic()
    redis.stop()
    time.sleep(5)
    redis.start()
    up = time.monotonic()
    time.sleep(4)
    load.stop()
    web.stop()
    phases = {
        "before": [o for o in load.outcomes if o.started < down],
        "Redis stopped (5 s)": [o for o in load.outcomes if down <= o.started < up],
        "after it returned": [o for o in load.outcomes if o.started >= up],
    }
    rows = [
        [name, str(len(out)), str(sum(not o.ok for o in out)),
         f"{1000 * _percentile([o.ended - o.started for o in out], 50):.0f}",
         f"{1000 * _percentile([o.ended - o.started for o in out], 95):.0f}"]
        for name, out in phases.items()
    ]  # fmt: skip
    _table(
        "Redis (cache) stopped while 4 clients load a signed-in page (GET /, gunicorn 1 × 4 threads)",
        ["phase", "requests", "failed", "p50 ms", "p95 ms"],
        rows,
    )
    return all(r[2] == "0" for r in rows)


def _embedded_pgdata() -> Path | None:
    host = parse_qs(urlparse(os.environ["BENCH_DATABASE_URL"]).query).get("host", [""])[0]
    pgdata = ROOT / ".data" / "pg"
    return pgdata if host and Path(host).resolve() == pgdata.resolve() else None


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sotay-faults-") as tmp:
        try:
            redis = RedisServer(Path(tmp)).start()
        except FileNotFoundError as exc:
            print(f"faults: cannot start a broker: {exc}; install redis-server to run this benchmark")
            return 1
        try:
            env = _env(redis.url)
            os.environ.update(env)
            ok = True if os.environ.get("FAULTS_ONLY") == "web" else worker_kills(env, Path(tmp))
            if os.environ.get("FAULTS_ONLY") == "workers":  # e.g. FAULTS_ONLY=workers FAULT_KINDS=NotifyFanout
                return 0 if ok else 1
            if os.environ.get("FAULTS_ONLY") == "web":
                _setup(Path(tmp))
            token, session = _credentials()
            ok = redis_outage(env, redis, session) and ok
            pgdata = _embedded_pgdata()
            if pgdata is None:
                print("\nPostgreSQL restart skipped: DATABASE_URL points to a server this benchmark does not own.")
            else:
                ok = pg_restarts(env, pgdata, token) and ok
        finally:
            redis.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
