"""CPU seconds spent serving, for the load benchmark: a figure the other processes on a shared machine do not
inflate (wall-clock throughput they do). Counted: the gunicorn master and its workers (live ones, plus the
workers it has reaped — max_requests recycles them), the PostgreSQL backends of the bench database and the
redis-server. Not counted: wrk itself (a load balancer's clients are elsewhere in production)."""

import psutil


class CpuMeter:
    def __init__(self, gunicorn_pid: int, redis_pid: int | None, database: str) -> None:
        self.gunicorn_pid, self.redis_pid, self.database = gunicorn_pid, redis_pid, database

    def _backends(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            cmd = " ".join(proc.info.get("cmdline") or [])
            if cmd.startswith("postgres: ") and f" {self.database} " in cmd:
                found.append(proc)
        return found

    def seconds(self) -> float:
        total = 0.0
        try:
            master = psutil.Process(self.gunicorn_pid)
            times = master.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
            for child in master.children(recursive=True):
                try:
                    t = child.cpu_times()
                    total += t.user + t.system
                except psutil.NoSuchProcess:
                    continue
        except psutil.NoSuchProcess:
            return total
        for proc in self._backends() + ([psutil.Process(self.redis_pid)] if self.redis_pid else []):
            try:
                t = proc.cpu_times()
                total += t.user + t.system
            except psutil.NoSuchProcess:
                continue
        return total
