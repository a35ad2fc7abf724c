"""Member list benchmark (issue #3): the admin member list filtered to a ~10,000-member subtree of a
500,000-member, 20,000-cell tenant. Server time through Django's test client (full middleware stack,
signed-in organisation-department user), and the query count for subtrees of very different sizes.

Run by `make bench` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import statistics
import time

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 500_000
RUNS = 30


def main() -> None:
    django_on_bench_db()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.access.models import Role, RoleGrant
    from core.demo.generator import generate
    from core.members.models import Member
    from core.org.models import OrgKind, OrgUnit
    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant("listbench", "Đảng bộ thành phố (bench)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        started = time.perf_counter()
        result = generate(members=MEMBERS, seed="bench")
        print(f"generated {result.members} members, {result.cells} cells in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    user, _ = User.objects.get_or_create(username="btc_bench")
    user.set_password("bench-pass-2026")
    user.save()
    RoleGrant.objects.get_or_create(user=user, role=Role.ORG_DEPARTMENT, unit=root)
    district = OrgUnit.objects.filter(kind=OrgKind.DISTRICT).order_by("code").first()
    commune = OrgUnit.objects.filter(kind=OrgKind.COMMUNE).order_by("code").first()
    assert district is not None and commune is not None
    sizes = {u.code: Member.objects.filter(cell__path__startswith=u.path).count() for u in (district, commune)}
    activate_public()

    client = Client(HTTP_HOST="listbench.localhost")
    assert client.post("/dang-nhap/", {"username": "btc_bench", "password": "bench-pass-2026"}).status_code == 302

    def timed(params: dict[str, str]) -> tuple[float, int]:
        client.get("/dang-vien/", params)  # warm
        samples = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get("/dang-vien/", params)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            client.get("/dang-vien/", params)
        return statistics.median(samples), len(ctx.captured_queries)

    district_ms, district_q = timed({"unit": district.code})
    commune_ms, commune_q = timed({"unit": commune.code})
    search_ms, search_q = timed({"unit": district.code, "q": "nguyen van"})
    rows = [
        (
            f"member list, subtree of {sizes[district.code]:,} members, ms (median of {RUNS})",
            f"{district_ms:.1f}",
            "≤ 50 ms",
        ),
        (
            f"  queries for that page / for a {sizes[commune.code]:,}-member subtree",
            f"{district_q} / {commune_q}",
            "constant",
        ),
        (f"  {sizes[commune.code]:,}-member subtree, ms", f"{commune_ms:.1f}", ""),
        ("  same district + accent-free name search 'nguyen van', ms", f"{search_ms:.1f} ({search_q} q)", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>12}  target")
    print("-" * (width + 24))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>12}  {target}")


if __name__ == "__main__":
    main()
