"""Login benchmark (issue 14): the cost of one password check with the chosen Argon2id parameters (and with the
hashers it replaces), logins per second per core, and a training-session burst — 600 secretaries logging in
through `POST /api/v1/auth/token/` from 16 concurrent clients against gunicorn (infra/gunicorn.conf.py, 2
workers × 4 threads, DEBUG off): throughput and p95.

Each secretary logs in from their own address (X-Forwarded-For), as in an online training session; one shared
address would meet the per-address login rate limit (10/min) long before the hasher.

Run: `make bench ARGS=logins` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import concurrent.futures
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.bench.setup import bench_tenant, django_on_bench_db

ROOT = Path(__file__).resolve().parents[2]
SECRETARIES = 600
CLIENTS = 16
PASSWORD = "Tap-huan-bi-thu-2026"


def _ms_per_hash(hasher: object, runs: int = 20) -> tuple[float, float]:
    """(wall, CPU) milliseconds per hash; CPU time is what a dedicated core would take, whatever else runs."""
    salt = hasher.salt()  # type: ignore[attr-defined]
    hasher.encode(PASSWORD, salt)  # type: ignore[attr-defined]  # warm
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(runs):
        hasher.encode(PASSWORD, salt)  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000 / runs, (time.process_time() - cpu) * 1000 / runs


def _secretaries(encoded: str) -> list[str]:
    from django.db import connection

    from core.demo.generator import generate
    from core.members.models import Member

    if not Member.objects.exists():
        generate(members=SECRETARIES, seed="logins")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET user_id = NULL")
        cursor.execute("DELETE FROM accounts_accountstate")
        cursor.execute("DELETE FROM accounts_apitoken")
        cursor.execute("DELETE FROM auth_user WHERE NOT is_superuser")
        cursor.execute(
            """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                      is_active, date_joined)
               SELECT %s, false, party_card_number, '', '', '', false, true, now() FROM members_member""",
            [encoded],
        )
        cursor.execute(
            "UPDATE members_member m SET user_id = u.id FROM auth_user u WHERE u.username = m.party_card_number"
        )
        cursor.execute(
            "INSERT INTO accounts_accountstate (user_id, must_change_password) "
            "SELECT user_id, false FROM members_member"
        )
    return list(Member.objects.values_list("party_card_number", flat=True)[:SECRETARIES])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": os.environ["BENCH_DATABASE_URL"],
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "infra/gunicorn.conf.py", "config.wsgi:application"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            health = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": "localhost"})
            urllib.request.urlopen(health, timeout=2)
            return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


def _login(port: int, host: str, card: str, n: int) -> tuple[int, float]:
    body = json.dumps({"username": card, "password": PASSWORD, "device": "bench"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/auth/token/",
        data=body,
        headers={
            "Host": host,
            "Content-Type": "application/json",
            "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
        },
        method="POST",
    )
    began = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, (time.perf_counter() - began) * 1000


def main() -> None:
    django_on_bench_db()
    from django.conf import settings
    from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher, make_password

    from core.accounts.hashers import Argon2idHasher
    from tenants.db.schema import activate_public, activate_tenant

    chosen = _ms_per_hash(Argon2idHasher())
    django_argon2 = _ms_per_hash(Argon2PasswordHasher(), runs=5)
    pbkdf2 = _ms_per_hash(PBKDF2PasswordHasher(), runs=3)

    tenant = bench_tenant("loginbench", "Đảng bộ (bench đăng nhập)")
    activate_tenant(tenant)
    cards = _secretaries(make_password(PASSWORD))
    activate_public()
    host = f"loginbench.{settings.PLATFORM_DOMAIN}"
    port = _free_port()
    proc = _gunicorn(port)
    try:
        for i in range(8):  # warm every thread's connection
            _login(port, host, cards[i], 60_000 + i)
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(lambda pair: _login(port, host, pair[1], pair[0]), enumerate(cards)))
        wall = time.perf_counter() - started
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    ok = [ms for status, ms in results if status == 201]
    statuses = sorted({status for status, _ in results})
    rows = [
        ("Argon2id m=19 MiB t=2 p=1 (chosen), ms per hash: wall / CPU", f"{chosen[0]:.1f} / {chosen[1]:.1f}", ""),
        ("  password checks per second per core (from CPU time)", f"{1000 / chosen[1]:.0f}", ""),
        ("Django's Argon2 default (100 MiB, p=8), wall / CPU", f"{django_argon2[0]:.1f} / {django_argon2[1]:.1f}", ""),
        ("PBKDF2-SHA256, Django default iterations, wall / CPU", f"{pbkdf2[0]:.1f} / {pbkdf2[1]:.1f}", ""),
        (f"burst: {SECRETARIES} token logins, {CLIENTS} clients, answered 201", f"{len(ok)} (statuses {statuses})", ""),
        ("  logins per second (2 cores)", f"{len(results) / wall:.1f}", ""),
        ("  p50 / p95 of POST /api/v1/auth/token/, ms",
         f"{statistics.median(ok):.0f} / {statistics.quantiles(ok, n=20)[-1]:.0f}" if len(ok) > 20 else "-", ""),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>22}  target")
    print("-" * (width + 34))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>22}  {target}")


if __name__ == "__main__":
    main()
