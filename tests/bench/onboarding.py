"""Onboarding benchmark (issue 14): a 472,869-member committee (generate_demo_data's generator), then
- the whole committee's accounts issued in ONE job through the real job body (`issue_job_run`: set-based batches
  of 5,000, activation codes derived from the job key, audit rows) — target ≤ 2 min on 2 cores;
- the slips of one cell printed right after (`job_slips`);
- activation of one account with its code, server time (`activation_check`, no password hash) — p95 ≤ 100 ms;
- peak memory of the process.

Run: `make bench ARGS=onboarding` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import random
import resource
import statistics
import time

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
ACTIVATIONS = 300


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    django_on_bench_db()
    from django.contrib.auth.models import User
    from django.db import connection

    from core.accounts.activation import activation_check, job_code
    from core.accounts.issuance import issue_job_run
    from core.accounts.issue_jobs import job_create
    from core.accounts.slips import job_slips
    from core.demo.generator import generate
    from core.members.models import Member
    from core.org.models import OrgUnit
    from tenants.db.schema import activate_tenant

    tenant = bench_tenant("onboardbench", "Đảng bộ thành phố (bench cấp tài khoản)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        started = time.perf_counter()
        generate(members=MEMBERS, seed="onboarding")
        print(f"generated {MEMBERS:,} members in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:  # a re-run starts from no member accounts again
        cursor.execute("UPDATE members_member SET user_id = NULL WHERE user_id IS NOT NULL")
        cursor.execute("DELETE FROM accounts_accountstate")
        # audit rows keep their actors: earlier accounts are renamed out of the way instead of deleted
        cursor.execute(
            "UPDATE auth_user SET username = 'old' || id, is_active = false "
            "WHERE NOT is_superuser AND username NOT LIKE 'old%%'"
        )
        cursor.execute("ANALYZE")
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    assert admin is not None
    root = OrgUnit.objects.get(depth=0)
    total = Member.objects.exclude(status__in=["transferred_out", "deceased", "expelled", "removed"]).count()

    job = job_create(actor=admin, unit=root, total=total, include_without_smartphone=True)
    started = time.perf_counter()
    done = issue_job_run(job.id)
    issue_s = time.perf_counter() - started
    assert done is not None and done.state == "done", done

    cell = OrgUnit.objects.filter(kind="cell").order_by("?").first()
    assert cell is not None
    started = time.perf_counter()
    slips = job_slips(done, admin, cell_code=cell.code)
    slips_ms = (time.perf_counter() - started) * 1000

    rng = random.Random(14)
    ids = list(Member.objects.filter(user__isnull=False).values_list("pk", "user_id")[:50_000])
    samples = []
    for member_id, user_id in rng.sample(ids, ACTIVATIONS):
        user = User.objects.get(pk=user_id)
        code = job_code(done.code_key, member_id)
        began = time.perf_counter()
        assert activation_check(user=user, code=code)
        samples.append((time.perf_counter() - began) * 1000)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("members (not gone) / accounts issued in one job", f"{total:,} / {done.issued:,}", ""),
        ("issue the whole committee, s", f"{issue_s:.1f}", "≤ 120 s"),
        ("  accounts per second", f"{done.issued / issue_s:,.0f}", ""),
        (f"slips of one cell ({len(slips)} slips), ms", f"{slips_ms:.1f}", "right after"),
        (f"activation with the code, p95 of {ACTIVATIONS}, ms", f"{_p95(samples):.2f}", "≤ 100 ms"),
        ("peak RSS of the process, MB", f"{rss_mb:.0f}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure'.ljust(width)}  {'value':>22}  target")
    print("-" * (width + 34))
    for name, value, target in rows:
        print(f"{name.ljust(width)}  {value:>22}  {target}")


if __name__ == "__main__":
    main()
