"""The study API: a member's campaigns, progress, mark read, reflection; a quiz attempt started, resumed, answered
(idempotent), refused after submission, submitted twice with one score; the committee's report; and another
tenant's token reaches none of alpha's study ids."""

import datetime as dt

from core.study.models import Campaign, MaterialRead, Reflection
from core.study.quiz_models import Option
from core.study.services import MaterialSpec, campaign_create
from tests.core.meetings.test_pages_and_api import _auth
from tests.core.study.conftest import T0


def _campaign(tree, document, quiz) -> Campaign:
    return campaign_create(
        actor=tree.users["admin_d1"], unit=tree.d1, audience_unit=tree.d1, title="Học tập Nghị quyết 57",
        opens_at=T0 - dt.timedelta(days=1), closes_at=T0 + dt.timedelta(days=14),
        materials=[MaterialSpec(document_id=document.pk)], require_reflection=True, quiz=quiz,
    )  # fmt: skip


def test_member_studies_and_takes_the_quiz_through_the_api(tree, document, quiz, alpha_client):
    campaign = _campaign(tree, document, quiz)
    auth = _auth(alpha_client, "dv_x")
    listed = alpha_client.get("/api/v1/study/campaigns/", **auth).json()
    assert [c["id"] for c in listed] == [campaign.pk] and listed[0]["read"] == 0
    detail = alpha_client.get(f"/api/v1/study/campaigns/{campaign.pk}/", **auth).json()
    material = detail["materials"][0]
    assert detail["quiz_id"] == quiz.pk and material["read"] is False
    url = f"/api/v1/study/campaigns/{campaign.pk}/materials/{material['id']}/read/"
    assert alpha_client.post(url, **auth).json() == {"created": True}
    assert alpha_client.post(url, **auth).json() == {"created": False}
    assert MaterialRead.objects.count() == 1
    empty = alpha_client.post(f"/api/v1/study/campaigns/{campaign.pk}/reflection/", {"body": " "}, **auth)
    assert empty.status_code == 400
    made = alpha_client.post(f"/api/v1/study/campaigns/{campaign.pk}/reflection/", {"body": "Bài viết"}, **auth)
    assert made.status_code == 201 and made.json()["status"] == "submitted"

    started = alpha_client.post(f"/api/v1/study/quizzes/{quiz.pk}/attempts/", **auth)
    assert started.status_code == 201
    attempt = started.json()
    assert 590 <= attempt["seconds_left"] <= 600 and len(attempt["questions"]) == 5
    assert "correct" not in attempt["questions"][0]["options"][0]
    resumed = alpha_client.post(f"/api/v1/study/quizzes/{quiz.pk}/attempts/", **auth)
    assert resumed.status_code == 200 and resumed.json()["id"] == attempt["id"]
    answers = f"/api/v1/study/attempts/{attempt['id']}/answers/"
    for q in attempt["questions"]:
        right = list(Option.objects.filter(question_id=q["question_id"], correct=True).values_list("pk", flat=True))
        body = {"question_id": q["question_id"], "chosen": right}
        assert alpha_client.post(answers, body, content_type="application/json", **auth).status_code == 200
    sheet = alpha_client.get(f"/api/v1/study/attempts/{attempt['id']}/", **auth).json()
    assert all(q["chosen"] for q in sheet["questions"])
    first = alpha_client.post(f"/api/v1/study/attempts/{attempt['id']}/submit/", **auth).json()
    second = alpha_client.post(f"/api/v1/study/attempts/{attempt['id']}/submit/", **auth).json()
    assert first["score"] == second["score"] == 5 and first["passed"]
    # one attempt of two used: the right options stay hidden, a retake must not pass by copying them
    assert "correct" not in first["questions"][0]["options"][0]
    late = alpha_client.post(answers, body, content_type="application/json", **auth)
    assert late.status_code == 400 and late.json()["code"] == "late"
    again = alpha_client.post(f"/api/v1/study/quizzes/{quiz.pk}/attempts/", **auth).json()
    last = alpha_client.post(f"/api/v1/study/attempts/{again['id']}/submit/", **auth).json()
    assert last["submitted"] and "correct" in last["questions"][0]["options"][0]  # no attempt left: shown


def test_the_report_is_for_the_committees_that_see_reports(tree, document, quiz, alpha_client):
    campaign = _campaign(tree, document, quiz)
    Reflection.objects.create(campaign=campaign, member=tree.members["X"][0], cell=tree.x, body="a", submitted_at=T0)
    report = alpha_client.get(f"/api/v1/study/campaigns/{campaign.pk}/report/", **_auth(alpha_client, "admin_d1"))
    assert report.status_code == 200
    assert report.json()["total"]["members"] == 5 and report.json()["total"]["reflections"] == 1
    member = _auth(alpha_client, "dv_x")
    assert alpha_client.get(f"/api/v1/study/campaigns/{campaign.pk}/report/", **member).status_code == 404
    bad = alpha_client.get(f"/api/v1/study/campaigns/{campaign.pk}/report/?unit=abc", **member)
    assert bad.status_code == 400
