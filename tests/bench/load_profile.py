"""`make bench ARGS="load --profile"`: each page of the load benchmark in-process (Django test client, one thread,
the same settings and Redis cache as the gunicorn run): median ms, the SQL statements of one request, and the
top of a cProfile profile over `runs` requests."""

import cProfile
import io
import pstats
import statistics
import time
from typing import Any

TOP = 30


class _Recorder:
    """An execute wrapper keeping the SQL of the statements run (DEBUG off: no connection.queries)."""

    def __init__(self) -> None:
        self.sql: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.sql.append(sql)
        return execute(sql, params, many, context)


def _clients(host: str) -> dict[str, Any]:
    """Per path kind: /healthz as a load balancer asks (no cookie), pages with the member's session cookie,
    the API with the member's token only."""
    from django.test import Client

    from core.demo.seed import DEMO_PASSWORD, MEMBER_USERNAME

    client = Client(HTTP_HOST=host)
    response = client.post("/dang-nhap/", {"username": MEMBER_USERNAME, "password": DEMO_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"load --profile: login answered {response.status_code}")
    token = Client(HTTP_HOST=host).post(
        "/api/v1/auth/token/", {"username": MEMBER_USERNAME, "password": DEMO_PASSWORD}, content_type="application/json"
    )
    api = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {token.json()['token']}")
    return {"/healthz": Client(HTTP_HOST=host), "page": client, "/api/": api}


def profile(host: str, pages: dict[str, str], *, runs: int) -> int:
    from django.conf import settings
    from django.db import connection

    clients = _clients(host)
    for path in pages.values():
        client = next((c for prefix, c in clients.items() if path.startswith(prefix)), clients["page"])

        def get(path: str = path, client: Any = client) -> None:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"load --profile: {path} answered {response.status_code}")

        for _ in range(20):
            get()
        recorder = _Recorder()
        with connection.execute_wrapper(recorder):
            get()
        queries = recorder.sql
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            get()
            times.append((time.perf_counter() - began) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            get()
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(TOP)
        print("--- the project's own functions:", file=out)
        stats.print_stats(rf"{settings.BASE_DIR}/(core|tenants|api|config)/", TOP)
        stats.sort_stats("tottime").print_stats(TOP // 2)
        print(f"\n===== {path}: median {statistics.median(times):.2f} ms, p90 "
              f"{statistics.quantiles(times, n=10)[-1]:.2f} ms over {runs}; {len(queries)} SQL statements")  # fmt: skip
        for sql in queries:
            print(f"  SQL {sql[:240]}")
        print(out.getvalue())
    return 0
