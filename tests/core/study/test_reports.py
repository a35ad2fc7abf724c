"""The campaign report: each figure of a unit equals the count over the raw rows of its subtree's members, and the
parent's figures are the sum of its children's; the export rows go through the one export writer."""

import datetime as dt

from core.exports.writers import csv_text
from core.study.models import Completion, MaterialRead, Reflection, ReflectionStatus
from core.study.quiz_models import Attempt
from core.study.reports import FIGURES, campaign_report, report_rows
from core.study.services import MaterialSpec, campaign_create
from tests.core.study.conftest import T0


def test_rolled_up_figures_match_the_raw_rows(tree, document, quiz):
    campaign = campaign_create(
        actor=tree.users["admin_d1"], unit=tree.d1,
        audience_unit=tree.d1, title="Nghị quyết 57", opens_at=T0 - dt.timedelta(days=1),
        closes_at=T0 + dt.timedelta(days=3), quiz=quiz,
        materials=[MaterialSpec(document_id=document.pk), MaterialSpec(title="Video", video_url="https://youtu.be/a")],
    )  # fmt: skip
    m1, m2 = campaign.materials.all()
    x, y = tree.members["X"], tree.members["Y"]
    for member in (x[0], x[1], y[0]):
        MaterialRead.objects.create(material=m1, member=member)
    for member in (x[0], y[0]):
        MaterialRead.objects.create(material=m2, member=member)
    Reflection.objects.create(campaign=campaign, member=x[0], cell=tree.x, body="a", submitted_at=T0,
                              status=ReflectionStatus.ACCEPTED)  # fmt: skip
    Reflection.objects.create(campaign=campaign, member=x[1], cell=tree.x, body="b", submitted_at=T0)
    Reflection.objects.create(campaign=campaign, member=y[1], cell=tree.y, body="c", submitted_at=T0,
                              status=ReflectionStatus.RETURNED)  # fmt: skip
    Completion.objects.create(campaign=campaign, member=x[0], completed_at=T0)
    Completion.objects.create(campaign=campaign, member=y[1], completed_at=T0, proxy_by=tree.users["sec_x"])
    end = T0 + dt.timedelta(minutes=5)

    def attempt(member, cell, number, score, passed):
        Attempt.objects.create(quiz=quiz, member=member, cell=cell, number=number, started_at=T0, deadline=end,
                               submitted_at=end, score=score, total=5, passed=passed, duration_ms=1)  # fmt: skip

    attempt(x[0], tree.x, 1, 2, False)
    attempt(x[0], tree.x, 2, 4, True)  # best of x[0]: 80 %
    attempt(y[0], tree.y, 1, 1, False)  # 20 %
    own, rows = campaign_report(campaign, tree.d1)
    (c1,) = rows
    assert own.counts == c1.counts
    _, cells = campaign_report(campaign, tree.c1)
    by = {f.unit.pk: f for f in cells}
    assert by[tree.x.pk].counts == {"members": 3, "read_all": 1, "reflections": 2, "accepted": 1, "completed": 1,
                                    "quiz_takers": 1, "passed": 1}  # fmt: skip
    assert by[tree.y.pk].counts == {"members": 2, "read_all": 1, "reflections": 1, "accepted": 0, "completed": 1,
                                    "quiz_takers": 1, "passed": 0}  # fmt: skip
    assert own.counts["members"] == 5 and own.avg_score == 50.0 and own.pass_rate == 50.0
    for name in FIGURES:
        assert own.counts[name] == by[tree.x.pk].counts[name] + by[tree.y.pk].counts[name]
    # the members of cell Z (outside the audience) count nowhere
    root_own, _ = campaign_report(campaign, tree.root)
    assert root_own.counts["members"] == 5
    text = csv_text(report_rows(own, rows))
    assert "Đảng viên" in text and "Đảng bộ huyện Yên Mô" in text


def test_report_page_and_exports_for_committees_only(tree, document, quiz, alpha_client):
    from tests.conftest import PASSWORD
    from tests.helpers import web_login

    campaign = campaign_create(
        actor=tree.users["admin_d1"], unit=tree.d1, audience_unit=tree.d1, title="Nghị quyết 57",
        opens_at=T0 - dt.timedelta(days=1), closes_at=T0 + dt.timedelta(days=3),
        materials=[MaterialSpec(document_id=document.pk)],
    )  # fmt: skip
    web_login(alpha_client, "admin_d1", PASSWORD)
    assert "Nghị quyết 57" in alpha_client.get("/hoc-tap/").content.decode()
    page = alpha_client.get(f"/hoc-tap/{campaign.pk}/bao-cao/").content.decode()
    assert "Đảng bộ xã Yên Phong" in page
    exported = alpha_client.get(f"/hoc-tap/{campaign.pk}/bao-cao.csv?don_vi={tree.c1.pk}")
    assert exported.status_code == 200 and "Chi bộ thôn Đông" in exported.content.decode("utf-8-sig")
    assert alpha_client.get(f"/hoc-tap/{campaign.pk}/bao-cao.xlsx").content[:2] == b"PK"
    assert alpha_client.get(f"/hoc-tap/{campaign.pk}/bao-cao/?don_vi={tree.d2.pk}").status_code == 404  # not theirs
    assert alpha_client.get(f"/hoc-tap/{campaign.pk}/bao-cao/?don_vi=x").status_code == 404
    alpha_client.logout()
    web_login(alpha_client, "dv_x", PASSWORD)
    assert alpha_client.get(f"/hoc-tap/{campaign.pk}/bao-cao/").status_code == 404
