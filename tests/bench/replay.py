"""Full-scale replay of both pilots (issue 14): `manage.py replay_pilots` on the bench database — Hà Nội's
472,869 members under 50 committees (through the member import job, one CSV per committee), accounts issued in
one job, the dated rollout; Ninh Bình's Yên Mô with 8,125 members — then the console's figures on the reports'
days and the console day page's server time.
Target: Hà Nội end to end ≤ 10 min on 2 cores; memory stated (peak RSS printed by the command).

Run: `make bench ARGS=replay` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import statistics
import time

from tests.bench.setup import bench_tenant, django_on_bench_db


def main() -> None:
    django_on_bench_db()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    from tenants.models import Tenant
    from tests.helpers import console_login

    bench_tenant("replaybench", "migrations only")  # migrates the (fresh) bench database
    started = time.perf_counter()
    call_command("replay_pilots")
    print(f"replay_pilots, both pilots: {time.perf_counter() - started:.1f} s")

    User.objects.filter(username="operator_replay").delete()
    User.objects.create_superuser("operator_replay", "op@replay.vn", "bench-pass-2026")
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    console_login(client, "operator_replay", "bench-pass-2026")
    hanoi = Tenant.objects.get(schema_name="hanoi_pilot")
    for url, params in (
        (f"/console/dang-bo/{hanoi.pk}/so-lieu/", {"month": "2023-04"}),
        (f"/console/dang-bo/{hanoi.pk}/so-lieu/ngay/", {"day": "2023-04-16", "decimals": "2"}),
    ):
        samples = []
        for _ in range(11):
            began = time.perf_counter()
            response = client.get(url, params)
            samples.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        print(
            f"{url} {params}: first {samples[0]:.0f} ms, median of the next 10 {statistics.median(samples[1:]):.0f} ms"
        )
    html = client.get(f"/console/dang-bo/{hanoi.pk}/so-lieu/ngay/", {"day": "2023-04-16", "decimals": "2"}).content
    assert "436,459/472,869 đảng viên đã cài đặt = 92.30% số đảng viên" in html.decode()


if __name__ == "__main__":
    main()
