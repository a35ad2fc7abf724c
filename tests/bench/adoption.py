"""Adoption figures benchmark (issue #4): a 472,869-member tenant under 50 rollout units with realistic
adoption (accounts ~95%, installed ~92%, active this month ~80%), then
- `adoption_refresh` of one month (target ≤ 10 s), and
- the console adoption page of that tenant, server time through the test client (median of 20, ≤ 100 ms).

Run by `make bench` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import statistics
import time

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
RUNS = 20

# Accounts, devices, logins and a month of daily accesses, set-based (hash of the card number = the dice).
FACTS_SQL = [
    """INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                              is_active, date_joined)
       SELECT '!', false, 'b' || party_card_number, '', '', '', false, true, now()
       FROM members_member WHERE abs(hashtext(party_card_number)) %% 100 < 95""",
    """UPDATE members_member m SET user_id = u.id FROM auth_user u WHERE u.username = 'b' || m.party_card_number""",
    """INSERT INTO accounts_accountstate (user_id, must_change_password, initial_password_issued_at, first_login_at,
                                         last_login_at, first_install_at)
       SELECT user_id, false, now(), CASE WHEN h < 97 THEN now() END, CASE WHEN h < 97 THEN now() END,
              CASE WHEN h < 97 THEN now() END
       FROM (SELECT user_id, abs(hashtext(party_card_number || 'x')) %% 100 AS h
             FROM members_member WHERE user_id IS NOT NULL) s""",
    """INSERT INTO accounts_device (user_id, kind, device_id, label, first_seen_at, last_seen_at)
       SELECT user_id, 'pwa', 'pwa-' || user_id, '', now(), now() FROM accounts_accountstate
       WHERE first_login_at IS NOT NULL""",
    """INSERT INTO accounts_dailyaccess (user_id, day, count)
       SELECT s.user_id, %(month)s::date + d, 1 + (s.h + d) %% 4
       FROM (SELECT user_id, abs(hashtext(user_id::text)) %% 100 AS h FROM accounts_accountstate
             WHERE first_login_at IS NOT NULL) s
       CROSS JOIN LATERAL generate_series(0, 1 + s.h %% 5) AS d
       WHERE s.h < 87""",
]


def main() -> None:
    django_on_bench_db()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from core.demo.generator import generate
    from core.members.models import Member
    from core.org.models import OrgUnit
    from core.stats.selectors import root_row
    from core.stats.services import adoption_refresh
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.rollout.models import RolloutUnit, UnitState
    from tests.helpers import console_login

    tenant = bench_tenant("adoptbench", "Đảng bộ tỉnh (bench số liệu)")
    month = timezone.localdate().replace(day=1)
    activate_tenant(tenant)
    if not Member.objects.exists():
        started = time.perf_counter()
        result = generate(members=MEMBERS, seed="adoption")
        print(f"generated {result.members:,} members under {result.districts} units in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in FACTS_SQL:
                cursor.execute(sql, {"month": month})
            cursor.execute("ANALYZE")
        print(f"accounts, devices and accesses written in {time.perf_counter() - started:.1f} s")
    units = list(OrgUnit.objects.filter(depth=1).order_by("code").values_list("code", "name"))
    started = time.perf_counter()
    adoption_refresh(month)
    refresh_s = time.perf_counter() - started
    started = time.perf_counter()
    adoption_refresh(month)
    refresh2_s = time.perf_counter() - started
    root = root_row(month)
    assert root is not None
    activate_public()

    states = list(UnitState.values)
    for i, (code, name) in enumerate(units):
        RolloutUnit.objects.get_or_create(
            tenant=tenant, unit_code=code, defaults={"unit_name": name, "state": states[i % len(states)]}
        )
    User.objects.filter(username="operator_bench").delete()
    User.objects.create_superuser("operator_bench", "op@bench.vn", "bench-pass-2026")
    client = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    console_login(client, "operator_bench", "bench-pass-2026")  # password and second factor
    url = f"/console/dang-bo/{tenant.pk}/so-lieu/"
    assert client.get(url).status_code == 200  # warm
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    page_ms = statistics.median(samples)

    rows = [
        ("members / rollout units", f"{root.members:,} / {len(units)}", ""),
        (
            "  installed / logged in ever / active this month, % of members",
            f"{root.installed_pct} / {root.logged_in_ever_pct} / {root.active_month_pct}",
            "~92 / ~92 / ~80",
        ),
        ("  accesses this month", f"{root.accesses_month:,}", ""),
        ("adoption_refresh of one month, s (first run)", f"{refresh_s:.2f}", "≤ 10 s"),
        ("  again (warm cache), s", f"{refresh2_s:.2f}", "≤ 10 s"),
        (f"console adoption page, ms (median of {RUNS})", f"{page_ms:.1f}", "≤ 100 ms"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>22}  target")
    print("-" * (width + 34))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>22}  {target}")


if __name__ == "__main__":
    main()
