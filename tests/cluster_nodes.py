"""Two web nodes on one database, one Redis and one bucket: the pieces of the two-node rehearsal
(`make bench ARGS=cluster`, tests/bench/cluster.py) and of its bounded test (tests/cluster/).

    node = Node("a", env).start()                 # gunicorn (infra/gunicorn.conf.py) on a free port
    browser = Browser("alpha.sotay.test")         # a cookie jar; every request names the tenant's host
    browser.login(node, "member_alpha", PASSWORD)
    browser.get(other_node, "/")                  # the session made on node A, presented to node B
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from tests.redis_server import free_port

ROOT = Path(__file__).resolve().parents[1]


class Node:
    """gunicorn with the project's own configuration, in a session of its own (stopped as a group)."""

    def __init__(self, name: str, env: dict[str, str], *, workers: int = 1, threads: int = 4, log: Path) -> None:
        self.name, self.port, self.log = name, free_port(), log
        self.env = dict(env, GUNICORN_BIND=f"127.0.0.1:{self.port}", GUNICORN_WORKERS=str(workers),
                        GUNICORN_THREADS=str(threads), GUNICORN_MAX_REQUESTS="0")  # fmt: skip
        self.proc: subprocess.Popen[bytes] | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self, timeout: float = 60) -> "Node":
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "infra/gunicorn.conf.py", "--access-logfile", "/dev/null",
                 "--log-level", "warning", "config.wsgi:application"],
                cwd=ROOT, env=self.env, start_new_session=True, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                requests.get(self.url("/healthz"), headers={"Host": self.env["PLATFORM_DOMAIN"]}, timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"node {self.name} did not start; see {self.log}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None


class Browser:
    """One user's cookie jar. Both nodes listen on 127.0.0.1, so a cookie set by one is sent to the other,
    as a browser behind one load balancer would."""

    def __init__(self, host: str) -> None:
        self.host, self.session = host, requests.Session()

    def get(self, node: Node, path: str, **headers: str) -> requests.Response:
        return self.session.get(node.url(path), headers={"Host": self.host, **headers}, allow_redirects=False,
                                timeout=30)  # fmt: skip

    def post(self, node: Node, path: str, data: dict[str, Any], files: dict[str, Any] | None = None,
             **headers: str) -> requests.Response:  # fmt: skip
        if "csrftoken" not in self.session.cookies:
            self.get(node, "/dang-nhap/")
        data = {**data, "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        return self.session.post(node.url(path), data=data, files=files, allow_redirects=False, timeout=60,
                                 headers={"Host": self.host, **headers})  # fmt: skip

    def login(self, node: Node, username: str, password: str) -> None:
        response = self.post(node, "/dang-nhap/", {"username": username, "password": password})
        if response.status_code != 302:
            raise AssertionError(f"login of {username} on node {node.name}: {response.status_code}")


def api_token(node: Node, host: str, username: str, password: str) -> str:
    response = requests.post(node.url("/api/v1/auth/token/"), json={"username": username, "password": password},
                             headers={"Host": host}, timeout=30)  # fmt: skip
    response.raise_for_status()
    return str(response.json()["token"])


def seconds_until(check: Callable[[], bool], timeout: float, every: float = 0.05) -> float | None:
    """Seconds until `check()` holds (polled), or None after `timeout`."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if check():
            return time.monotonic() - began
        time.sleep(every)
    return None
