"""CPU seconds spent serving, for the load benchmark: a figure the other processes on a shared machine do not
inflate (wall-clock throughput they do). Counted: the gunicorn master and its workers, the PostgreSQL backends of
the bench database and the redis-server. Not counted: wrk itself (a load balancer's clients are elsewhere in
production). Processes come and go (max_requests recycles workers, and their database backends end with them):
a sampler thread reads every process every 0.2 s and a process that has gone keeps its last reading.

Each wrk run is measured from an idle server to an idle server (`settle`), so the requests still queued when wrk
stops are charged to their own run; they are counted as served (one per connection: each connection has at
most one request in flight), so CPU ms per request = CPU seconds / (completed + connections)."""

import threading
import time

import psutil


class CpuMeter:
    def __init__(self, gunicorn_pid: int, redis_pid: int | None, database: str) -> None:
        self.gunicorn_pid, self.redis_pid, self.database = gunicorn_pid, redis_pid, database
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _processes(self) -> list[psutil.Process]:
        found: list[psutil.Process] = []
        try:
            master = psutil.Process(self.gunicorn_pid)
            found += [master, *master.children(recursive=True)]
        except psutil.NoSuchProcess:
            pass
        for proc in psutil.process_iter(["cmdline"]):
            cmd = " ".join(proc.info.get("cmdline") or [])
            if (cmd.startswith("postgres: ") and f" {self.database} " in cmd) or proc.pid == self.redis_pid:
                found.append(proc)
        return found

    def _sample(self) -> None:
        for proc in self._processes():
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            with self._lock:
                self._last[proc.pid] = max(self._last.get(proc.pid, 0.0), times.user + times.system)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self._sample()

    def seconds(self) -> float:
        self._sample()
        with self._lock:
            return sum(self._last.values())

    def settle(self, timeout: float = 20.0) -> float:
        """Wait until the server side is idle (under 5 % of a core over 0.3 s: the requests still queued when wrk
        stopped are done) and return the CPU seconds then."""
        deadline = time.monotonic() + timeout
        last = self.seconds()
        while time.monotonic() < deadline:
            time.sleep(0.3)
            now = self.seconds()
            if now - last < 0.3 * 0.05:
                return now
            last = now
        return last

    def close(self) -> None:
        self._stop.set()
