"""Standard reports benchmark (issue 13): a 472,869-member committee (generate_demo_data's generator, with the
Regulation 339 profile), a year of ratings and this year's movements written set-based, then
- the tally refresh (all units, all dimensions), and
- every report of the whole committee as the organisation department sees it — page, print view, CSV and XLSX —
  server time through the test client (median of RUNS; target ≤ 500 ms each), plus a district's pages.

Run by `make bench ARGS=reports` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import statistics
import time

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
RUNS = 7
TARGET_MS = 500.0
REPORTS = ("thanh-phan", "bien-dong", "xep-loai", "chi-bo")

# Ratings of last year for every rated member (levels by a hash of the card), organisations too; this year's
# movements as status history. Parameters: last (year), start/day (dates of this year).
FACTS_SQL = [
    """INSERT INTO ratings_memberrating (member_id, year, cell_id, self_level, self_note, proposed_level,
                                        proposed_note, approved_level)
       SELECT m.id, %(last)s, m.cell_id, 'good', '', lv, '', lv
       FROM (SELECT id, cell_id, CASE WHEN h < 10 THEN 'excellent' WHEN h < 82 THEN 'good'
                                      WHEN h < 98 THEN 'done' ELSE 'failed' END AS lv
             FROM (SELECT id, cell_id, abs(hashtext(party_card_number)) %% 100 AS h FROM members_member
                   WHERE status IN ('official', 'probationary', 'working_away')) s) m""",
    """INSERT INTO ratings_unitrating (unit_id, year, proposed_level, proposed_note, approved_level)
       SELECT id, %(last)s, 'good', '', CASE WHEN id %% 10 = 0 THEN 'excellent' ELSE 'good' END
       FROM org_orgunit WHERE kind IN ('cell', 'commune', 'grassroots')""",
    """INSERT INTO members_memberstatuschange (member_id, event, status_before, status_after, "on", exempt_reason,
                                              place, decision_number, note, created_at)
       SELECT id, CASE WHEN h < 50 THEN 'deceased' WHEN h < 90 THEN 'transferred_in' ELSE 'transferred_out' END,
              'official', status, %(day)s, '', '', '', '', now()
       FROM (SELECT id, status, abs(hashtext(party_card_number || 'e')) %% 100 AS h FROM members_member
             WHERE abs(hashtext(party_card_number || 'm')) %% 100 < 3) s""",
]


def _median_ms(client, url: str) -> float:
    assert client.get(url).status_code == 200, url  # warm
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return statistics.median(samples)


def main() -> None:
    django_on_bench_db()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from core.access.models import Role, RoleGrant
    from core.demo.generator import generate
    from core.members.models import Member
    from core.org.models import OrgKind, OrgUnit
    from core.reports.refresh import tally_refresh
    from tenants.db.schema import activate_public, activate_tenant

    tenant = bench_tenant("reportbench", "Đảng bộ thành phố (bench báo cáo)")
    activate_tenant(tenant)
    today = timezone.localdate()
    if not Member.objects.exists():
        started = time.perf_counter()
        result = generate(members=MEMBERS, seed="reports")
        print(f"generated {result.members:,} members, {result.cells:,} cells in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            for sql in FACTS_SQL:
                cursor.execute(sql, {"last": today.year - 1, "day": today.replace(month=1, day=15)})
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    tally_refresh()
    refresh_s = time.perf_counter() - started
    started = time.perf_counter()
    state = tally_refresh()
    refresh2_s = time.perf_counter() - started
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    district = OrgUnit.objects.filter(kind=OrgKind.DISTRICT).order_by("code").first()
    assert district is not None
    user, _ = User.objects.get_or_create(username="btc_reports")
    user.set_password("bench-pass-2026")
    user.save()
    RoleGrant.objects.get_or_create(user=user, role=Role.ORG_DEPARTMENT, unit=root)
    activate_public()

    client = Client(HTTP_HOST="reportbench.localhost")
    assert client.post("/dang-nhap/", {"username": "btc_reports", "password": "bench-pass-2026"}).status_code == 302
    period = f"from=01/01/{today.year}&to={today:%d/%m/%Y}"
    rows = [
        ("tally refresh of every unit, s (first / again)", f"{refresh_s:.2f} / {refresh2_s:.2f}", "periodic"),
        ("  tally rows of one generation", f"{_tally_rows(tenant, state.generation):,}", ""),
    ]
    worst = 0.0
    for report in REPORTS:
        query = f"unit={root.code}&{period}&year={today.year - 1}"
        for label, url in (
            ("page", f"/bao-cao/{report}/?{query}"),
            ("print", f"/bao-cao/{report}/in/?{query}"),
            ("csv", f"/bao-cao/{report}.csv?{query}"),
            ("xlsx", f"/bao-cao/{report}.xlsx?{query}"),
        ):
            ms = _median_ms(client, url)
            worst = max(worst, ms)
            rows.append((f"{report} {label}, {MEMBERS:,} members, ms", f"{ms:.1f}", f"≤ {TARGET_MS:.0f} ms"))
    for report in REPORTS:
        ms = _median_ms(client, f"/bao-cao/{report}/?unit={district.code}&{period}")
        rows.append((f"{report} page, district {district.code}, ms", f"{ms:.1f}", f"≤ {TARGET_MS:.0f} ms"))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>16}  target")
    print("-" * (width + 30))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>16}  {target}")
    if worst > TARGET_MS:
        raise SystemExit(1)


def _tally_rows(tenant, generation: int) -> int:
    from core.reports.models import Tally
    from tenants.db.schema import activate_public, activate_tenant

    activate_tenant(tenant)
    try:
        return Tally.objects.filter(generation=generation).count()
    finally:
        activate_public()


if __name__ == "__main__":
    main()
