# ruff: noqa: F811  (the study fixtures are imported, then named as test arguments)
"""Cross-tenant isolation of resolution study (tenancy rule 6): beta's users, sessions and tokens reach none of
alpha's campaign, material, reflection, quiz, attempt or report ids, on the pages and in the API, and beta's lists
carry none of alpha's rows. (The study area has no background task.)"""

import datetime as dt

from core.study.models import Campaign, Reflection
from core.study.quiz_models import Attempt
from core.study.services import MaterialSpec, campaign_create
from tests.conftest import PASSWORD
from tests.core.meetings.test_pages_and_api import _auth
from tests.core.study.conftest import T0, bank, document, media, quiz, tree  # noqa: F401  (fixtures)
from tests.helpers import in_tenant, web_login


def _campaign(tree, document, quiz=None) -> Campaign:
    return campaign_create(
        actor=tree.users["admin_d1"], unit=tree.d1, audience_unit=tree.d1, title="Học tập Nghị quyết 57-NQ/TW",
        opens_at=T0 - dt.timedelta(days=1), closes_at=T0 + dt.timedelta(days=14),
        materials=[MaterialSpec(document_id=document.pk)], require_reflection=True, quiz=quiz,
    )  # fmt: skip


def test_another_tenants_member_reaches_none_of_alphas_study_ids(tree, document, quiz, alpha, beta, beta_client):
    campaign = _campaign(tree, document, quiz=quiz)
    reflection = Reflection.objects.create(campaign=campaign, member=tree.members["X"][0], cell=tree.x, body="B",
                                           submitted_at=T0)  # fmt: skip
    attempt = Attempt.objects.create(quiz=quiz, member=tree.members["X"][0], cell=tree.x, number=1, started_at=T0,
                                     deadline=T0 + dt.timedelta(hours=1), total=5)  # fmt: skip
    material = campaign.materials.get()
    with in_tenant(beta):
        web_login(beta_client, "admin", PASSWORD)  # beta's most privileged account
    paths = [
        f"/hoc-tap/{campaign.pk}/", f"/hoc-tap/{campaign.pk}/thu-hoach/", f"/hoc-tap/bai-thi/{quiz.pk}/",
        f"/hoc-tap/luot/{attempt.pk}/", f"/hoc-tap/duyet/{reflection.pk}/", f"/hoc-tap/{campaign.pk}/ghi-nhan-thay/",
        f"/hoc-tap/thu-hoach/{reflection.pk}/tep/",
    ]  # fmt: skip
    for path in paths:
        assert beta_client.get(path).status_code == 404, path
    posts = [
        f"/hoc-tap/{campaign.pk}/tai-lieu/{material.pk}/da-doc/", f"/hoc-tap/bai-thi/{quiz.pk}/bat-dau/",
        f"/hoc-tap/luot/{attempt.pk}/tra-loi/", f"/hoc-tap/luot/{attempt.pk}/nop/",
    ]  # fmt: skip
    for path in posts:
        assert beta_client.post(path).status_code == 404, path
    assert "Nghị quyết 57" not in beta_client.get("/hoc-tap/").content.decode()


def test_another_tenants_token_reaches_none_of_alphas_study_ids(tree, document, quiz, alpha, beta, alpha_client,
                                                                beta_client):  # fmt: skip
    campaign = _campaign(tree, document, quiz)
    auth = _auth(alpha_client, "dv_x")
    attempt = alpha_client.post(f"/api/v1/study/quizzes/{quiz.pk}/attempts/", **auth).json()
    material = campaign.materials.get()
    with in_tenant(beta):
        from core.access.models import Role
        from core.org.models import OrgKind
        from core.org.services import org_unit_create
        from tests.factories.org import MemberFactory, user_with

        root = org_unit_create(code="B", name="Đảng bộ Beta", kind=OrgKind.ROOT, parent=None)
        cell = org_unit_create(code="BX", name="Chi bộ Beta", kind=OrgKind.CELL, parent=root)
        member_user = user_with("dv_beta", (Role.TENANT_ADMIN, root))
        MemberFactory(cell=cell, user=member_user)
    theirs = _auth(beta_client, "dv_beta")  # a member and the tenant admin of beta
    gets = [f"/api/v1/study/campaigns/{campaign.pk}/", f"/api/v1/study/attempts/{attempt['id']}/",
            f"/api/v1/study/campaigns/{campaign.pk}/report/"]  # fmt: skip
    for path in gets:
        assert beta_client.get(path, **theirs).status_code == 404, path
    posts = [
        f"/api/v1/study/campaigns/{campaign.pk}/materials/{material.pk}/read/",
        f"/api/v1/study/campaigns/{campaign.pk}/reflection/", f"/api/v1/study/quizzes/{quiz.pk}/attempts/",
        f"/api/v1/study/attempts/{attempt['id']}/answers/", f"/api/v1/study/attempts/{attempt['id']}/submit/",
    ]  # fmt: skip
    body = {"body": "x", "question_id": attempt["questions"][0]["question_id"], "chosen": []}
    for path in posts:
        assert beta_client.post(path, body, content_type="application/json", **theirs).status_code in (400, 404), path
    assert beta_client.get("/api/v1/study/campaigns/", **theirs).json() == []
    assert (
        alpha_client.get(f"/api/v1/study/campaigns/{campaign.pk}/", **_auth(beta_client, "dv_beta")).status_code == 401
    )


def test_another_tenants_admin_gets_no_study_report_or_review(tree, document, quiz, alpha, beta, beta_client):
    campaign = _campaign(tree, document, quiz)
    with in_tenant(beta):
        web_login(beta_client, "admin", PASSWORD)  # beta's superuser: every right, in beta only
    for path in (f"/hoc-tap/{campaign.pk}/bao-cao/", f"/hoc-tap/{campaign.pk}/bao-cao.csv",
                 f"/hoc-tap/{campaign.pk}/bao-cao.xlsx"):  # fmt: skip
        assert beta_client.get(path).status_code == 404, path
    body = beta_client.get("/hoc-tap/duyet/").content.decode() + beta_client.get("/hoc-tap/").content.decode()
    assert "Nghị quyết 57" not in body
