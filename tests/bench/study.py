"""Quiz benchmark (issue 16): 500 secretaries take the same 30-question quiz at once through the API against gunicorn
(infra/gunicorn.conf.py, 2 workers × 4 threads, DEBUG off): each client starts (or resumes) its attempt, saves
its 30 answers one by one, then submits. Targets: answer save p95 ≤ 50 ms and submit p95 ≤ 100 ms of server time
(gunicorn's own request time, %(L)s of its access log); the clients' times, queueing included, are shown too.
The clients run on the same 2 cores as the server and PostgreSQL: every figure is inflated, see the load average.

Run: `make bench ARGS=study` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import concurrent.futures
import datetime as dt
import http.client
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench.logins import ROOT, _free_port
from tests.bench.setup import bench_tenant, django_on_bench_db

CLIENTS = 500
QUESTIONS = 30
BANK = 60


def _people() -> list[str]:
    """500 members with users and API tokens (no password hashing: tokens are minted directly)."""
    from django.db import connection

    from core.accounts.tokens import token_issue
    from core.demo.generator import generate
    from core.members.models import Member

    if not Member.objects.exists():
        generate(members=CLIENTS + 1, seed="study")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET user_id = NULL")
        cursor.execute("DELETE FROM accounts_accountstate")
        cursor.execute("DELETE FROM accounts_apitoken")
        cursor.execute("DELETE FROM study_attempt")
        cursor.execute("DELETE FROM auth_user WHERE NOT is_superuser")
        cursor.execute(
            """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                      is_active, date_joined)
               SELECT '!', false, party_card_number, '', '', '', false, true, now() FROM members_member"""
        )
        cursor.execute(
            "UPDATE members_member m SET user_id = u.id FROM auth_user u WHERE u.username = m.party_card_number"
        )
        cursor.execute(
            "INSERT INTO accounts_accountstate (user_id, must_change_password) "
            "SELECT user_id, false FROM members_member"
        )
    members = Member.objects.select_related("user").order_by("pk")[: CLIENTS + 1]
    return [token_issue(user=m.user, label="bench")[1] for m in members if m.user is not None]


def _quiz() -> int:
    from django.utils import timezone

    from core.org.models import OrgUnit
    from core.study.quiz_models import Draw, Option, Question, QuestionBank, Quiz

    root = OrgUnit.objects.get(parent__isnull=True)
    bank = QuestionBank.objects.create(unit=root, name="Nghị quyết 57 (bench)")
    for i in range(BANK):
        q = Question.objects.create(bank=bank, text=f"Câu {i + 1}", multiple=i % 5 == 0, position=i)
        Option.objects.bulk_create(
            Option(question=q, text=f"Phương án {j}", correct=j == 0, position=j) for j in range(4)
        )
    now = timezone.now()
    quiz = Quiz.objects.create(
        title="Thi trực tuyến (bench)", unit=root, bank=bank, question_count=QUESTIONS, draw=Draw.RANDOM,
        time_limit_seconds=3600, max_attempts=1, opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=3), is_contest=True,
    )  # fmt: skip
    return quiz.pk


def _gunicorn(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DATABASE_URL": os.environ["BENCH_DATABASE_URL"], "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false", "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "4",
        "GUNICORN_LOG_LEVEL": "warning", "GUNICORN_MAX_REQUESTS": "0",
    }  # fmt: skip
    command = [sys.executable, "-m", "gunicorn", "-c", "infra/gunicorn.conf.py", "--access-logfile", str(log),
               "--access-logformat", "%(m)s %(U)s %(s)s %(L)s", "config.wsgi:application"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz", headers={"Host": "localhost"})
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGTERM)
    raise RuntimeError("gunicorn did not start")


def _client(port: int, host: str, token: str, quiz_id: int, seed: int) -> dict[str, Any]:
    """One secretary: start, 30 answers (a random option each), submit; client-side times in ms."""
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Host": host, "Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    times: dict[str, Any] = {"answers": [], "errors": 0}

    def call(method: str, path: str, body: object = None) -> tuple[int, Any]:
        began = time.perf_counter()
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        times.setdefault("last_ms", 0)
        times["last_ms"] = (time.perf_counter() - began) * 1000
        return response.status, json.loads(data) if data else None

    status, attempt = call("POST", f"/api/v1/study/quizzes/{quiz_id}/attempts/")
    times["start"] = times["last_ms"]
    if status not in (200, 201):
        times["errors"] += 1
        return times
    for q in attempt["questions"]:
        option = rng.choice(q["options"])["id"]
        status, _ = call("POST", f"/api/v1/study/attempts/{attempt['id']}/answers/",
                         {"question_id": q["question_id"], "chosen": [option]})  # fmt: skip
        times["answers"].append(times["last_ms"])
        times["errors"] += status != 200
    status, _ = call("POST", f"/api/v1/study/attempts/{attempt['id']}/submit/")
    times["submit"] = times["last_ms"]
    times["errors"] += status != 200
    conn.close()
    return times


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 2 else float("nan")


def _server_times(log: Path) -> dict[str, list[float]]:
    kinds: dict[str, list[float]] = {"answer": [], "submit": [], "start": []}
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) != 4 or parts[0] != "POST" or parts[2] not in ("200", "201"):
            continue  # only the answered requests (a 429 of the plan's limit would flatter the figures)
        kind = "answer" if parts[1].endswith("/answers/") else "submit" if parts[1].endswith("/submit/") else "start"
        kinds[kind].append(float(parts[3]) * 1000)
    return kinds


def _in_process(host: str, token: str, quiz_id: int, runs: int = 200) -> tuple[list[float], list[float], int]:
    """The same answer save through Django's handler in this process, one at a time (no queueing, no other
    client): per-request milliseconds and CPU milliseconds, and the number of SQL queries of one save."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {token}")
    attempt = client.post(f"/api/v1/study/quizzes/{quiz_id}/attempts/").json()
    url = f"/api/v1/study/attempts/{attempt['id']}/answers/"
    questions = attempt["questions"]
    wall, cpu = [], []
    for i in range(runs):
        q = questions[i % len(questions)]
        body = {"question_id": q["question_id"], "chosen": [q["options"][i % 4]["id"]]}
        began, began_cpu = time.perf_counter(), time.process_time()
        assert client.post(url, body, content_type="application/json").status_code == 200
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.post(url, body, content_type="application/json")
    return wall, cpu, len(queries.captured_queries)


def _unlimited_plan(tenant: Any) -> None:
    """The bench measures the quiz, not the plan's API rate limit (billing_free.throttling): no limits."""
    from billing_free.models import Plan, TenantPlan

    plan, _ = Plan.objects.get_or_create(code="bench-unlimited",
                                         defaults={"name": "Bench", "max_members": 0, "max_storage_mb": 0})  # fmt: skip
    TenantPlan.objects.filter(tenant=tenant).update(plan=plan)


def main() -> None:
    django_on_bench_db()
    from django.conf import settings

    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant("studybench", "Đảng bộ (bench học tập)")
    _unlimited_plan(tenant)
    activate_tenant(tenant)
    tokens = _people()  # the last one is kept out of the concurrent run: the in-process measure uses it
    quiz_id = _quiz()
    activate_public()
    host = f"studybench.{settings.PLATFORM_DOMAIN}"
    port = _free_port()
    log = Path(tempfile.mkdtemp()) / "access.log"
    proc = _gunicorn(port, log)
    try:
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
            results = list(
                pool.map(lambda pair: _client(port, host, pair[1], quiz_id, pair[0]), enumerate(tokens[:-1]))
            )
        wall = time.perf_counter() - started
        load = os.getloadavg()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    activate_tenant(tenant)
    single_wall, single_cpu, queries = _in_process(host, tokens[-1], quiz_id)
    activate_public()
    server = _server_times(log)
    answers = [ms for r in results for ms in r["answers"]]
    submits = [r["submit"] for r in results if "submit" in r]
    errors = sum(r["errors"] for r in results)
    requests = len(answers) + len(submits) + len(results)
    rows = [
        (f"{len(results)} clients × {QUESTIONS} answers, requests / errors", f"{requests} / {errors}", ""),
        ("  requests per second (2 cores, clients included)", f"{requests / wall:.0f}", ""),
        ("answer save, server time p50 / p95, ms",
         f"{_p(server['answer'], 50):.1f} / {_p(server['answer'], 95):.1f}", "p95 ≤ 50"),
        ("submit with scoring, server time p50 / p95, ms",
         f"{_p(server['submit'], 50):.1f} / {_p(server['submit'], 95):.1f}", "p95 ≤ 100"),
        ("start (draw 30 of 60, shuffle), server time p50 / p95, ms",
         f"{_p(server['start'], 50):.1f} / {_p(server['start'], 95):.1f}", ""),
        ("answer save, client time incl. queueing p50 / p95, ms", f"{_p(answers, 50):.0f} / {_p(answers, 95):.0f}", ""),
        ("submit, client time incl. queueing p50 / p95, ms", f"{_p(submits, 50):.0f} / {_p(submits, 95):.0f}", ""),
        (f"answer save in process, one at a time ({queries} SQL queries), wall p50 / p95, ms",
         f"{_p(single_wall, 50):.1f} / {_p(single_wall, 95):.1f}", "p95 ≤ 50"),
        ("  CPU time of the same, p50 / p95, ms", f"{_p(single_cpu, 50):.1f} / {_p(single_cpu, 95):.1f}", ""),
        ("load average 1 / 5 / 15 min at the end", " / ".join(f"{x:.2f}" for x in load), ""),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>22}  target")
    print("-" * (width + 34))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>22}  {target}")


if __name__ == "__main__":
    main()
