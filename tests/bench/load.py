"""Load benchmark (issue 12): `make bench ARGS=load` — a signed-in member's everyday requests on one node.

Starts a redis-server (cache and broker, as in production) and gunicorn with the project's own
infra/gunicorn.conf.py (DEBUG off) on a free port against the bench database, with the demo `hanoi` tenant
seeded there (`seed_demo --only hanoi`, skipped when already seeded: BENCH_KEEP_DB=1 keeps the database between
runs). Signs in the demo member `dangvien` (session cookie) and gets an API token, then drives `wrk` (Debian
package; installed when missing and root) against

    /healthz  /  /sinh-hoat/  /api/v1/meetings/next/   (all on hanoi.<PLATFORM_DOMAIN>)

at 16 and 64 connections, alternating the endpoints in each round so that noise from other processes falls on
all of them alike. Prints requests/s, p50/p95/p99 and each page's throughput as a fraction of /healthz in the
same run, with the load average before and after (the machine may be shared: absolute figures are inflated
then; the fraction is more robust), and the CPU milliseconds each request cost the server side (gunicorn,
PostgreSQL, Redis: tests/bench/load_cpu.py) with the throughput two idle cores would give at that cost — the
figure other processes on a shared machine do not inflate.

Options (after the name: `make bench ARGS="load --seconds=5"`; `=` form):
  --seconds N      duration of one wrk run (default 8)       --rounds N   rounds per connection count (default 2)
  --connections L  comma-separated (default 16,64)           --workers N / --threads N  override the config's
  --profile        no wrk: profile each page in-process (cProfile, Django test client, same settings and cache)
                   and print the top functions and the query count of each
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from tests.bench.load_cpu import CpuMeter
from tests.bench.load_wrk import Result, ensure_wrk, run_wrk
from tests.redis_server import RedisServer

ROOT = Path(__file__).resolve().parents[2]
SLUG = "hanoi"
PAGES = {"healthz": "/healthz", "home": "/", "next meeting": "/sinh-hoat/", "api next": "/api/v1/meetings/next/"}


def _args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench ARGS=load")
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-runs", type=int, default=200)
    return parser.parse_args(argv)


def _loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _environment(redis_url: str) -> dict[str, str]:
    base = redis_url.rsplit("/", 1)[0]
    return dict(os.environ, DATABASE_URL=os.environ["BENCH_DATABASE_URL"], DEBUG="false", LOG_LEVEL="WARNING",
                DJANGO_SETTINGS_MODULE="config.settings.local", REDIS_URL=f"{base}/1", CELERY_BROKER_URL=f"{base}/2",
                PYTHONPATH=str(ROOT))  # fmt: skip


def seed() -> str:
    """The demo `hanoi` tenant in the bench database (seeded once); returns its host name."""
    from tests.bench.setup import django_on_bench_db

    django_on_bench_db()
    from django.conf import settings
    from django.core.management import call_command

    from tenants.models import Tenant

    call_command("migrate_tenants", processes=2, verbosity=0)
    if not Tenant.objects.filter(schema_name=SLUG, status="ready").exists():
        began = time.monotonic()
        print("load: seeding the demo tenant hanoi (once per bench database) …", flush=True)
        call_command("seed_demo", only=[SLUG], stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"load: seeded in {time.monotonic() - began:.0f} s", flush=True)
    return f"{SLUG}.{settings.PLATFORM_DOMAIN}"


def _credentials(node: Any, host: str) -> dict[str, dict[str, str]]:
    """Headers per page: /healthz as a load balancer asks it (no cookie), the member's session cookie for
    pages, the member's token (only) for the API."""
    from core.demo.seed import DEMO_PASSWORD, MEMBER_USERNAME
    from tests.cluster_nodes import Browser, api_token

    browser = Browser(host)
    browser.login(node, MEMBER_USERNAME, DEMO_PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.session.cookies)
    token = api_token(node, host, MEMBER_USERNAME, DEMO_PASSWORD)
    page = {"Host": host, "Cookie": cookie}
    return {"healthz": {"Host": host}, "home": page, "next meeting": page,
            "api next": {"Host": host, "Authorization": f"Bearer {token}"}}  # fmt: skip


def _check(node: Any, headers: dict[str, dict[str, str]]) -> None:
    import requests

    for name, path in PAGES.items():
        response = requests.get(node.url(path), headers=headers[name], allow_redirects=False, timeout=30)
        if response.status_code != 200:
            raise SystemExit(f"load: {path} answered {response.status_code} for the signed-in member")


def _table(connections: int, results: dict[str, list[Result]], cpu: dict[str, float]) -> None:
    def total(rs: list[Result]) -> Result:
        n, s = sum(r.requests for r in rs), sum(r.seconds for r in rs)
        worst = max(rs, key=lambda r: r.p95_ms)
        mid = sorted(rs, key=lambda r: r.p50_ms)[len(rs) // 2]
        return Result(n, s, mid.p50_ms, worst.p95_ms, max(r.p99_ms for r in rs), sum(r.errors for r in rs))

    merged = {name: total(rs) for name, rs in results.items()}
    base = merged["healthz"].rps or 1.0
    print(f"\n{connections} connections")
    print(f"{'endpoint':<26}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'of /healthz':>13}{'errors':>8}"
          f"{'CPU ms/req':>12}{'2 cores ≈ req/s':>17}")  # fmt: skip
    for name, r in merged.items():
        served = r.requests + connections * len(results[name])  # + the requests in flight when wrk stopped
        per = cpu[name] * 1000 / served
        print(f"{PAGES[name]:<26}{r.rps:>9.0f}{r.p50_ms:>9.1f}{r.p95_ms:>9.1f}{r.p99_ms:>9.1f}"
              f"{r.rps / base:>12.0%}{r.errors:>8}{per:>12.2f}{2000 / per if per else 0:>17.0f}")  # fmt: skip
    sys.stdout.flush()


def load(opts: argparse.Namespace, host: str, env: dict[str, str], work: Path, redis_pid: int | None) -> int:
    from django.conf import settings

    from tests.cluster_nodes import Node

    exe = ensure_wrk()
    env["PLATFORM_DOMAIN"] = settings.PLATFORM_DOMAIN
    node = Node("load", env, workers=opts.workers or 0, threads=opts.threads or 0, log=work / "gunicorn.log")
    node.env = dict(env, GUNICORN_BIND=node.env["GUNICORN_BIND"])  # the config's own values unless given
    node.env.update(
        {k: str(v) for k, v in (("GUNICORN_WORKERS", opts.workers), ("GUNICORN_THREADS", opts.threads)) if v}
    )
    node.start()
    try:
        headers = _credentials(node, host)
        _check(node, headers)
        shown = f"{opts.workers or 'config'} workers × {opts.threads or 'config'} threads"
        print(f"load: gunicorn -c infra/gunicorn.conf.py ({shown}), wrk -t2, {opts.seconds} s × {opts.rounds} "
              f"rounds per endpoint; load average before: {_loadavg()}", flush=True)  # fmt: skip
        for name, path in PAGES.items():  # warm every worker and thread once
            run_wrk(exe, node.url(path), headers[name], connections=8, seconds=1, threads=2)
        assert node.proc is not None
        meter = CpuMeter(node.proc.pid, redis_pid, urlparse(env["DATABASE_URL"]).path.strip("/"))
        for connections in [int(c) for c in opts.connections.split(",")]:
            results: dict[str, list[Result]] = {name: [] for name in PAGES}
            cpu = dict.fromkeys(PAGES, 0.0)
            for _ in range(opts.rounds):
                for name, path in PAGES.items():
                    before = meter.settle()
                    results[name].append(run_wrk(exe, node.url(path), headers[name], connections=connections,
                                                 seconds=opts.seconds, threads=2))  # fmt: skip
                    cpu[name] += meter.settle() - before
            _table(connections, results, cpu)
        meter.close()
        _check(node, headers)  # still signed in: nothing above ran as an anonymous visitor
        print(f"\nload average after: {_loadavg()} (1, 5, 15 min; 2 cores)")
    finally:
        node.stop()
    return 0


def main(argv: list[str]) -> int:
    opts = _args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            redis = RedisServer(Path(tmp)).start()
        except (FileNotFoundError, RuntimeError) as exc:
            print(f"load: cannot start redis-server: {exc}")
            return 1
        try:
            env = _environment(redis.url)
            os.environ.update(REDIS_URL=env["REDIS_URL"], CELERY_BROKER_URL=env["CELERY_BROKER_URL"], DEBUG="false")
            host = seed()
            if opts.profile:
                from tests.bench.load_profile import profile

                return profile(host, PAGES, runs=opts.profile_runs)
            return load(opts, host, env, Path(tmp), redis.proc.pid if redis.proc else None)
        finally:
            redis.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
