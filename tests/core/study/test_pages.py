"""The study pages: the home card, a campaign (mark read, reflection), the quiz page saving answers by fetch and
submitting, the secretary's review and proxy pages; another tenant's user reaches none of alpha's ids."""

import datetime as dt
import json

from django.contrib.auth.models import User

from core.study.models import Completion, MaterialRead, Reflection, ReflectionStatus
from core.study.quiz_models import Attempt, Option
from core.study.services import MaterialSpec, campaign_create
from tests.conftest import PASSWORD
from tests.core.study.conftest import T0
from tests.helpers import web_login


def _campaign(tree, document, quiz=None):
    return campaign_create(
        actor=User.objects.get(username="admin_d1"), unit=tree.d1, audience_unit=tree.d1,
        title="Học tập, quán triệt Nghị quyết 57-NQ/TW", opens_at=T0 - dt.timedelta(days=1),
        closes_at=T0 + dt.timedelta(days=14), materials=[MaterialSpec(document_id=document.pk)],
        require_reflection=True, quiz=quiz,
    )  # fmt: skip


def test_member_studies_from_home_to_reflection(tree, document, alpha_client):
    campaign = _campaign(tree, document)
    web_login(alpha_client, "dv_x", PASSWORD)
    home = alpha_client.get("/").content.decode()
    assert 'data-testid="card-study"' in home and "Nghị quyết 57-NQ/TW" in home
    page = alpha_client.get(f"/hoc-tap/{campaign.pk}/").content.decode()
    assert "Đánh dấu đã đọc" in page
    material = campaign.materials.get()
    alpha_client.post(f"/hoc-tap/{campaign.pk}/tai-lieu/{material.pk}/da-doc/")
    assert MaterialRead.objects.filter(material=material).count() == 1
    empty = alpha_client.post(f"/hoc-tap/{campaign.pk}/thu-hoach/", {"body": "  "})
    assert "không được để trống" in empty.content.decode()
    alpha_client.post(f"/hoc-tap/{campaign.pk}/thu-hoach/", {"body": "Bài thu hoạch của tôi"})
    assert Reflection.objects.get(campaign=campaign).status == ReflectionStatus.SUBMITTED


def test_secretary_reviews_and_records_for_a_member(tree, document, alpha_client):
    campaign = _campaign(tree, document)
    member = tree.members["X"][0]
    reflection = Reflection.objects.create(campaign=campaign, member=member, cell=tree.x, body="Bài", submitted_at=T0)
    web_login(alpha_client, "sec_x", PASSWORD)
    assert "Bài" in alpha_client.get(f"/hoc-tap/duyet/{reflection.pk}/").content.decode()
    alpha_client.post(f"/hoc-tap/duyet/{reflection.pk}/", {"decision": "return", "comment": "Viết kỹ hơn"})
    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.RETURNED
    other = tree.members["X"][1]
    alpha_client.post(f"/hoc-tap/{campaign.pk}/ghi-nhan-thay/", {"the_dang": other.party_card_number,
                                                                   "note": "Học tại chi bộ"})  # fmt: skip
    assert Completion.objects.filter(campaign=campaign, member=other).exclude(proxy_by=None).exists()


def test_member_takes_the_quiz_answers_by_fetch_and_submits(tree, document, quiz, alpha_client):
    web_login(alpha_client, "dv_x", PASSWORD)
    started = alpha_client.post(f"/hoc-tap/bai-thi/{quiz.pk}/bat-dau/")
    attempt = Attempt.objects.get(quiz=quiz)
    assert started["Location"] == f"/hoc-tap/luot/{attempt.pk}/"
    page = alpha_client.get(started["Location"]).content.decode()
    assert 'data-testid="quiz-timer"' in page and "quiz.js" in page
    url = f"/hoc-tap/luot/{attempt.pk}/tra-loi/"
    for row in attempt.questions.all():
        right = list(Option.objects.filter(question_id=row.question_id, correct=True).values_list("pk", flat=True))
        saved = alpha_client.post(url, json.dumps({"question_id": row.question_id, "chosen": right}),
                                  content_type="application/json")  # fmt: skip
        assert saved.status_code == 200 and "saved_at" in saved.json()
    bad = alpha_client.post(url, "{oops", content_type="application/json")
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["error"]
    alpha_client.post(f"/hoc-tap/luot/{attempt.pk}/nop/")
    alpha_client.post(f"/hoc-tap/luot/{attempt.pk}/nop/")
    attempt.refresh_from_db()
    assert attempt.score == 5 and attempt.passed
    late = alpha_client.post(url, json.dumps({"question_id": row.question_id, "chosen": []}),
                             content_type="application/json")  # fmt: skip
    assert late.status_code == 409 and "không được tính" in late.json()["error"]
    assert "Kết quả: 5/5" in alpha_client.get(f"/hoc-tap/luot/{attempt.pk}/").content.decode()


def test_reflection_attachment_for_the_reviewers_and_its_author_only(tree, document, alpha_client):
    from core.access.models import Role
    from tests.core.content.files import pdf
    from tests.factories.org import user_with

    campaign = _campaign(tree, document)
    web_login(alpha_client, "dv_x", PASSWORD)
    alpha_client.post(f"/hoc-tap/{campaign.pk}/thu-hoach/", {"body": "Bài có tệp", "file": pdf("Bài thu hoạch.pdf")})
    reflection = Reflection.objects.get(campaign=campaign)
    url = f"/hoc-tap/thu-hoach/{reflection.pk}/tep/"
    own = alpha_client.get(url)
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF")
    alpha_client.logout()
    web_login(alpha_client, "sec_x", PASSWORD)
    assert "Bài thu hoạch.pdf" in alpha_client.get(f"/hoc-tap/duyet/{reflection.pk}/").content.decode()
    assert alpha_client.get(url).status_code == 200
    alpha_client.logout()
    user_with("sec_y", (Role.CELL_SECRETARY, tree.y))
    web_login(alpha_client, "sec_y", PASSWORD)
    assert alpha_client.get(url).status_code == 404
