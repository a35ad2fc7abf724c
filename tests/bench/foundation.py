"""Foundation benchmarks (issue #2): routing overhead, provisioning time, no-op migrate over 63 tenants.

Run by `make bench` (infra/dev/bench.py), which provides two empty databases:
BENCH_DATABASE_URL (tenancy) and BENCH_PLAIN_DATABASE_URL (plain Django). Prints a table of medians.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TENANTS_FOR_MIGRATE = 63
PROVISION_RUNS = 9
MIGRATE_RUNS = 5


def _env(settings: str, url: str) -> dict[str, str]:
    return dict(os.environ, DJANGO_SETTINGS_MODULE=settings, DATABASE_URL=url, PYTHONPATH=str(ROOT))


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _time_view(settings: str, url: str, host: str) -> float:
    out = _run([sys.executable, "-m", "tests.bench.wsgi_timer", host, "/bench/"], _env(settings, url))
    return json.loads(out.strip().splitlines()[-1])["median_us"]


def _setup_tenancy(url: str) -> dict[str, float]:
    """Migrate, provision tenants (timing each), seed 20 org units in `bench`; returns provisioning figures."""
    os.environ.update(_env("config.settings.local", url))
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command

    from core.org.models import OrgKind
    from core.org.services import org_unit_create
    from tenants.provisioning.services import tenant_provision, tenant_request
    from tenants.routing import host_map

    call_command("migrate_tenants", processes=2, verbosity=0)
    handler = WSGIHandler()

    def routable(host: str) -> bool:
        import io

        status: list[str] = []
        env = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/healthz",
            "SERVER_NAME": host,
            "SERVER_PORT": "80",
            "HTTP_HOST": host,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "QUERY_STRING": "",
        }
        b"".join(handler(env, lambda s, h, e=None: status.append(s)))  # type: ignore[arg-type]
        return status[0].startswith("200")

    timings = []
    for i in range(TENANTS_FOR_MIGRATE):
        slug = "bench" if i == 0 else f"t{i:02d}"
        started = time.perf_counter()
        tenant = tenant_request(
            slug=slug, name=f"Đảng bộ {slug}", admin_email=f"a@{slug}.vn", actor="bench", enqueue=False
        )
        tenant_provision(tenant_id=tenant.pk, actor="bench")
        host_map.invalidate()  # what the service's on-commit hook does in the web process
        ok = routable(f"{slug.replace('_', '-')}.localhost")
        elapsed = time.perf_counter() - started
        if not ok:
            raise SystemExit(f"{slug} not routable after provisioning")
        if i < PROVISION_RUNS:
            timings.append(elapsed)
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.models import Tenant

    activate_tenant(Tenant.objects.get(schema_name="bench"))
    root = org_unit_create(code="ROOT", name="Đảng bộ tỉnh Bench", kind=OrgKind.ROOT, parent=None)
    for n in range(19):
        org_unit_create(code=f"U{n:02d}", name=f"Đảng bộ huyện số {n}", kind=OrgKind.DISTRICT, parent=root)
    activate_public()
    return {"median": statistics.median(timings), "max": max(timings), "runs": len(timings)}


def _setup_plain(url: str) -> None:
    env = _env("tests.bench.settings_plain", url)
    _run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], env)
    script = (
        "import django; django.setup()\n"
        "from core.org.models import OrgUnit\n"
        "root = OrgUnit.objects.create(code='ROOT', name='Đảng bộ tỉnh Bench', kind='root', path='1.', depth=0)\n"
        "for n in range(19):\n"
        "    OrgUnit.objects.create(code=f'U{n:02d}', name=f'Đảng bộ huyện số {n}', kind='district', parent=root,"
        " path=f'1.{n + 2}.', depth=1)\n"
    )
    _run([sys.executable, "-c", script], env)


def _migrate_noop(url: str) -> list[float]:
    env = _env("config.settings.local", url)
    runs = []
    for _ in range(MIGRATE_RUNS):
        started = time.perf_counter()
        out = _run([sys.executable, "manage.py", "migrate_tenants"], env)
        runs.append(time.perf_counter() - started)
        if "0 migrated" not in out or f"{TENANTS_FOR_MIGRATE + 2} up to date" not in out:
            raise SystemExit(f"unexpected migrate_tenants output: {out}")
    return runs


def main() -> None:
    url, plain_url = os.environ["BENCH_DATABASE_URL"], os.environ["BENCH_PLAIN_DATABASE_URL"]
    print("setting up: migrate, provision 63 tenants, seed the bench view's rows …", flush=True)
    provisioning = _setup_tenancy(url)
    _setup_plain(plain_url)
    plain = _time_view("tests.bench.settings_plain", plain_url, "localhost")
    ours = _time_view("tests.bench.settings_tenant", url, "bench.localhost")
    stock = _time_view("tests.bench.settings_stock", url, "bench.localhost")
    migrate = _migrate_noop(url)
    rows = [
        ("plain Django view (1 query), µs/request", f"{plain:.0f}", ""),
        ("tenant-routed view, µs/request", f"{ours:.0f}", ""),
        ("routing cost ratio (tenant / plain)", f"{ours / plain:.3f}×", "≤ 1.10×"),
        ("  stock django-tenants, for comparison", f"{stock / plain:.2f}×", ""),
        (
            f"tenant provisioned + routable, s (median of {provisioning['runs']})",
            f"{provisioning['median']:.3f}",
            "≤ 0.5 s",
        ),
        ("  slowest provisioning, s", f"{provisioning['max']:.3f}", ""),
        (
            f"no-op migrate_tenants, {TENANTS_FOR_MIGRATE} tenants, whole command, s (median of {MIGRATE_RUNS})",
            f"{statistics.median(migrate):.2f}",
            "≤ 2 s",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>10}  target")
    print("-" * (width + 22))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
