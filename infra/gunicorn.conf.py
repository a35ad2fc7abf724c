"""gunicorn settings for Sổ tay web nodes.

Run: gunicorn -c infra/gunicorn.conf.py config.wsgi:application
Every value can be overridden from the environment (see infra/env.example).

Database connections: each thread of each worker may hold one connection
(CONN_MAX_AGE keeps it open), so per node: workers * threads connections.
Size PgBouncer / max_connections for (nodes * workers * threads) + Celery.
"""

import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpu_count() -> int:
    # Respect CPU affinity / container cpusets where the platform exposes it.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not available on every platform
        return os.cpu_count() or 1


# Address to listen on: "127.0.0.1:8000" when nginx is on the same host, the
# node's private address (e.g. "10.0.1.11:8000") when nginx is remote.
# Several addresses may be given, comma-separated.
bind = [b.strip() for b in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if b.strip()]

# Classic 2*cores+1, bounded so large hosts do not exhaust DB connections.
workers = _env_int("GUNICORN_WORKERS", max(2, min(2 * _cpu_count() + 1, 12)))

# Threads absorb I/O waits (DB, Redis, storage) without more processes.
worker_class = "gthread"
threads = _env_int("GUNICORN_THREADS", 4)

# A request running longer than this kills the worker; keep slow work in Celery.
# nginx's proxy_read_timeout (60 s) stays above it.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Idle keep-alive with nginx; nginx's upstream keepalive_timeout (4 s) is lower.
keepalive = 5

# Recycle workers periodically to bound memory growth; jitter avoids all
# workers restarting at the same moment.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Never import the app in the master: DB connections (and the in-process
# tenant routing map) must be created per worker, after fork, not inherited.
preload_app = False

# Worker heartbeat files in RAM, not on a possibly slow/blocking disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Only trust X-Forwarded-* from the nginx hosts.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Logs to stdout/stderr -> journald (systemd) or the container runtime.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Host is logged because it identifies the tenant; %(L)s = seconds taken.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%({host}i)s" %(t)s "%(r)s" %(s)s %(b)s %(L)s "%(f)s" "%(a)s"'

proc_name = "sotay-web"

# gunicorn >= 25.1 opens a control socket under $HOME by default, which is
# read-only under systemd's ProtectSystem=strict; use the unit's
# RuntimeDirectory instead. (Older gunicorn ignores this setting.)
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
