"""`make test`: start what the suite needs (embedded PostgreSQL unless DATABASE_URL, Chromium) and run pytest.

Extra arguments are passed to pytest (`make test ARGS="-k routing"`).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from infra.dev.services import ROOT, _log, base_env, ensure_database

CHROMIUM = "/usr/bin/chromium"


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it with apt-get when missing and we are root."""
    if Path(CHROMIUM).exists():
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        _log("installing Debian's chromium for the browser tests (apt-get)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-core"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        return
    _log(f"{CHROMIUM} is missing and cannot be installed here: install Debian's chromium to run browser tests")


def static_checks(env: dict[str, str]) -> int:
    """ruff (lint + format), mypy and the layering contracts (lint-imports, ADR 0042): part of the test command so
    CI keeps them clean."""
    bin_dir = Path(sys.executable).parent
    checks: list[list[str]] = [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "."],
        ["lint-imports"],
    ]
    for tool, *args in checks:
        _log(f"running: {tool} {' '.join(args)}")
        code = subprocess.call([str(bin_dir / tool), *args], cwd=ROOT, env=env)
        if code:
            return code
    return 0


def main() -> int:
    ensure_chromium()
    url = ensure_database()
    env = base_env("config.settings.test", url)
    args = sys.argv[1:]
    if not args and static_checks(env):
        return 1
    cmd = [sys.executable, "-m", "pytest", *args]
    _log("running: " + " ".join(cmd[2:]))
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
