"""`make run`: embedded PostgreSQL (unless DATABASE_URL), migrate, seed the demo tenants, then serve
web + a real Celery worker with beat until Ctrl-C.

The broker is Redis/RabbitMQ when CELERY_BROKER_URL is set, else kombu's filesystem transport in
`.data/broker` (a real broker shared by the web process, the worker and beat).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from infra.dev.services import DATA, ROOT, _log, base_env, ensure_database

PORT = int(os.environ.get("PORT", "8000"))


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main() -> int:
    url = ensure_database()
    env = base_env(os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"), url)
    for sub in ("broker/queue", "broker/control"):
        (DATA / sub).mkdir(parents=True, exist_ok=True)
    _log("migrating public, template and tenant schemas")
    manage(env, "migrate_tenants")
    _log("seeding demo tenants")
    manage(env, "seed_demo")
    manage(env, "ensure_console_operator")
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"0.0.0.0:{PORT}", "--noreload"], cwd=ROOT, env=env
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--beat",
                "-l",
                "info",
                "--concurrency",
                "2",
                "-s",
                str(DATA / "celerybeat-schedule"),
            ],
            cwd=ROOT,
            env=env,
        ),
    ]
    domain = os.environ.get("PLATFORM_DOMAIN", "localhost")
    print(
        f"""
==========================================================================
 Sổ tay đang chạy / is running  (Ctrl-C để dừng / to stop)
   Bảng điều khiển / console : http://{domain}:{PORT}/console/   (operator / SoTay@2026)
   Ninh Bình                 : http://ninhbinh.{domain}:{PORT}/
   Hà Nội                    : http://hanoi.{domain}:{PORT}/
   Đăng nhập mỗi đảng bộ (mật khẩu SoTay@2026): quantri (quản trị), bantochuc (ban tổ chức),
     huyen (quản trị huyện), bithu (bí thư chi bộ), dangvien (đảng viên)
   API                       : http://ninhbinh.{domain}:{PORT}/api/v1/  · docs /api/v1/docs/
   manage.py in another shell: export DATABASE_URL='{url}'
   Both pilots at full size (472,869 + 8,125 members, ~10 min): .venv/bin/python manage.py replay_pilots
==========================================================================
""",
        flush=True,
    )
    stop = False

    def _stop(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    code = 0
    while not stop:
        for p in procs:
            if p.poll() is not None:
                _log(f"process {p.args!r} exited with {p.returncode}; stopping")
                stop, code = True, p.returncode or 1
        time.sleep(0.5)
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
    return code


if __name__ == "__main__":
    sys.exit(main())
