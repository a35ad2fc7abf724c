"""Times one URL through Django's WSGI handler in this process; prints the median per-request µs as JSON.

Usage: python -m tests.bench.wsgi_timer HOST PATH  (DJANGO_SETTINGS_MODULE picks the setup)
"""

import json
import statistics
import sys
import time

import django

BATCHES, PER_BATCH, WARMUP = 9, 400, 300


def main() -> None:
    host, path = sys.argv[1], sys.argv[2]
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "wsgi.url_scheme": "http",
        "wsgi.input": None,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    status: list[str] = []

    def start_response(s: str, headers: list, exc_info: object = None) -> None:
        status.append(s)

    def one() -> None:
        import io

        env = dict(environ, **{"wsgi.input": io.BytesIO(b"")})
        body = handler(env, start_response)  # type: ignore[arg-type]
        b"".join(body)
        body.close()

    for _ in range(WARMUP):
        one()
    if not status[-1].startswith("200"):
        raise SystemExit(f"{host}{path}: {status[-1]}")
    batches = []
    for _ in range(BATCHES):
        started = time.perf_counter()
        for _ in range(PER_BATCH):
            one()
        batches.append((time.perf_counter() - started) / PER_BATCH * 1e6)
    print(json.dumps({"median_us": statistics.median(batches), "batches_us": batches}))


if __name__ == "__main__":
    main()
