"""Study report benchmark (issue 16 target: the completion report of a 472,869-member committee, whole tree, in
≤ 200 ms). The committee is made with generate_demo_data's generator; a campaign for the whole committee with two
materials, reads by ~70 % of the members (60 % read both), reflections by ~40 % (half accepted), completions and
a quiz taken by ~30 %, all written set-based; then `campaign_report(campaign, root)` — live counts grouped by
cell and rolled up by path, no pre-aggregation yet — median of RUNS, with the load average (shared machine).

Run by `make bench ARGS=study_report` (BENCH_DATABASE_URL set by infra/dev/bench.py).
"""

import datetime as dt
import os
import statistics
import time

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
RUNS = 5
TARGET_MS = 200.0

FACTS_SQL = [
    """INSERT INTO study_materialread (material_id, member_id, read_at)
       SELECT mt.id, m.id, now() FROM members_member m CROSS JOIN study_material mt
       WHERE mt.campaign_id = %(c)s AND (abs(hashtext(m.party_card_number)) %% 100 < 60
             OR (mt.position = 0 AND abs(hashtext(m.party_card_number)) %% 100 < 70))""",
    """INSERT INTO study_reflection (campaign_id, member_id, cell_id, body, status, review_comment, submitted_at,
                                    attachment_name, attachment_stored, attachment_type, attachment_size)
       SELECT %(c)s, id, cell_id, 'Bài thu hoạch', CASE WHEN h < 20 THEN 'accepted' WHEN h < 35 THEN 'submitted'
              ELSE 'returned' END, '', now(), '', '', '', 0
       FROM (SELECT id, cell_id, abs(hashtext(party_card_number)) %% 100 AS h FROM members_member) s WHERE h < 40""",
    """INSERT INTO study_completion (campaign_id, member_id, completed_at, note)
       SELECT %(c)s, id, now(), '' FROM members_member WHERE abs(hashtext(party_card_number)) %% 100 < 20""",
    """INSERT INTO study_attempt (quiz_id, member_id, cell_id, number, started_at, deadline, submitted_at, score,
                                 total, duration_ms, passed)
       SELECT %(q)s, id, cell_id, 1, now(), now(), now(), h %% 31, 30, 600000, h %% 31 >= 15
       FROM (SELECT id, cell_id, abs(hashtext(party_card_number)) %% 100 AS h FROM members_member) s WHERE h < 30""",
]


def main() -> None:
    django_on_bench_db()
    from django.db import connection
    from django.utils import timezone

    from core.demo.generator import generate
    from core.members.models import Member
    from core.org.models import OrgUnit
    from core.study.models import Campaign, Material
    from core.study.quiz_models import QuestionBank, Quiz
    from core.study.reports import campaign_report
    from tenants.db.schema import activate_tenant

    tenant = bench_tenant("studyreport", "Đảng bộ (bench báo cáo học tập)")
    activate_tenant(tenant)
    if not Member.objects.exists():
        generate(members=MEMBERS, seed="study-report")
    root = OrgUnit.objects.get(parent__isnull=True)
    campaign = Campaign.objects.first()
    if campaign is None:
        now = timezone.now()
        bank = QuestionBank.objects.create(unit=root, name="bench")
        day = dt.timedelta(days=1)
        quiz = Quiz.objects.create(title="bench", unit=root, bank=bank, question_count=30, time_limit_seconds=3600,
                                   opens_at=now - day, closes_at=now + day)  # fmt: skip
        campaign = Campaign.objects.create(title="Nghị quyết 57 (bench)", unit=root, opens_at=now - day,
                                           closes_at=now + 9 * day, quiz=quiz, require_reflection=True)  # fmt: skip
        for i in range(2):
            Material.objects.create(
                campaign=campaign, title=f"Tài liệu {i}", video_url="https://youtu.be/x", position=i
            )
        with connection.cursor() as cursor:
            for sql in FACTS_SQL:
                cursor.execute(sql, {"c": campaign.pk, "q": quiz.pk})
            cursor.execute("ANALYZE")
    campaign_report(campaign, root)  # warm
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        own, rows = campaign_report(campaign, root)
        times.append((time.perf_counter() - began) * 1000)
    load = os.getloadavg()
    rows_out = [
        ("members in scope / read all / reflections / accepted",
         f"{own.counts['members']} / {own.counts['read_all']} / {own.counts['reflections']} / {own.counts['accepted']}",
         ""),
        ("completed / quiz takers / pass rate % / avg score %",
         f"{own.counts['completed']} / {own.counts['quiz_takers']} / {own.pass_rate} / {own.avg_score}", ""),
        (f"campaign_report(whole tree, {len(rows)} child units), median of {RUNS}, ms",
         f"{statistics.median(times):.0f}", f"≤ {TARGET_MS:.0f}"),
        ("  min / max, ms", f"{min(times):.0f} / {max(times):.0f}", ""),
        ("load average 1 / 5 / 15 min", " / ".join(f"{x:.2f}" for x in load), ""),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows_out)
    print(f"\n{'measure'.ljust(width)}  {'value':>30}  target")
    print("-" * (width + 42))
    for name, value, target in rows_out:
        print(f"{name.ljust(width)}  {value:>30}  {target}")


if __name__ == "__main__":
    main()
