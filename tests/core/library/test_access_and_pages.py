"""Who may write what (editor drafts, publisher publishes and withdraws, audience inside the unit), audit rows,
members' pages and API: audience scoping of lists, documents and downloads (404 for outside the audience,
drafts, withdrawn, guessed and other tenants' ids), read tracking with per-unit rates, bookmarks."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit.models import AuditEvent
from core.library.models import Attachment, Bookmark, Document, DocumentRead, DocumentState, DocumentUnitReads
from core.library.selectors import read_rates
from core.library.services import attachment_add, document_create, document_publish, document_withdraw
from tests.conftest import PASSWORD
from tests.core.content.files import PDF, pdf
from tests.core.library.conftest import publish
from tests.core.meetings.test_pages_and_api import _auth
from tests.helpers import in_tenant, web_login


@pytest.fixture
def docs(tree, alpha):
    with in_tenant(alpha):
        yield {
            "all": publish(tree, "Chỉ thị toàn tỉnh về chuyển đổi số", number="05-CT/TU", attach=True),
            "d1": publish(tree, "Hướng dẫn của huyện Yên Mô", unit=tree.d1, audience=tree.d1,
                          actor=tree.users["pub_d1"], attach=True),
            "d2": publish(tree, "Hướng dẫn của huyện Kim Sơn", audience=tree.d2, attach=True),
            "y": publish(tree, "Nghị quyết chi bộ thôn Đoài", audience=tree.y, attach=True),
        }  # fmt: skip


def test_editor_drafts_publisher_publishes_and_withdraws_with_a_reason(tree, alpha):
    with in_tenant(alpha):
        editor, publisher = tree.users["editor_d1"], tree.users["pub_d1"]
        draft = document_create(actor=editor, unit=tree.d1, audience_unit=tree.c1, title="Hướng dẫn", kind="guidance",
                                level="district", number="01-HD/HU")  # fmt: skip
        attachment_add(document=draft, actor=editor, upload=pdf())
        with pytest.raises(PermissionDenied):
            document_publish(document=draft, actor=editor)
        with pytest.raises(PermissionDenied):  # another district's editor
            document_create(
                actor=editor, unit=tree.d2, audience_unit=tree.d2, title="x", kind="other", level="district"
            )
        with pytest.raises(ValidationError):  # audience outside the publishing unit
            document_create(
                actor=editor, unit=tree.d1, audience_unit=tree.d2, title="x", kind="other", level="district"
            )
        with pytest.raises(PermissionDenied):  # the whole committee needs a grant on the root
            document_create(actor=editor, unit=tree.d1, audience_unit=None, title="x", kind="other", level="district")
        published = document_publish(document=draft, actor=publisher)
        assert published.state == DocumentState.PUBLISHED and published.published_by == publisher
        with pytest.raises(ValidationError) as caught:
            document_withdraw(document=published, actor=publisher, reason="  ")
        assert caught.value.code == "no_reason"
        withdrawn = document_withdraw(document=published, actor=publisher, reason="Đã có văn bản thay thế")
        assert withdrawn.state == DocumentState.WITHDRAWN and withdrawn.withdrawn_reason == "Đã có văn bản thay thế"
        events = AuditEvent.objects.filter(target_type="Document", target_id=str(draft.pk)).order_by("pk")
        actions = list(events.values_list("action", flat=True))
        assert actions == [
            "library.document_created",
            "library.attachment_added",
            "library.document_published",
            "library.document_withdrawn",
        ]
        assert events.filter(scope_path=tree.d1.path).count() == 4


def test_member_lists_and_searches_only_their_audience(tree, alpha, alpha_client, docs):
    web_login(alpha_client, "dv_x", PASSWORD)
    page = alpha_client.get("/van-ban/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "05-CT/TU" in text and "huyện Yên Mô" in text
    assert "Kim Sơn" not in text and "thôn Đoài" not in text
    assert text.count('data-testid="document-item"') == 2 and "Mới" in text and "Chưa đọc" in text
    found = alpha_client.get("/van-ban/", {"q": "chi thi chuyen doi so"}).content.decode()
    assert "05-CT/TU" in found and "Yên Mô" not in found
    assert "Kim Sơn" not in alpha_client.get("/van-ban/", {"q": "kim son"}).content.decode()
    assert len(page.content) < 40_000


def test_documents_and_files_outside_the_audience_are_404(tree, alpha, alpha_client, docs):
    web_login(alpha_client, "dv_x", PASSWORD)
    with in_tenant(alpha):
        files = {k: d.attachments.get() for k, d in docs.items()}
    for key in ("all", "d1"):
        assert alpha_client.get(f"/van-ban/{docs[key].pk}/").status_code == 200
        response = alpha_client.get(f"/van-ban/{docs[key].pk}/tep/{files[key].pk}/")
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf" and "private" in response["Cache-Control"]
        assert response["X-Content-Type-Options"] == "nosniff"
    for key in ("d2", "y"):
        assert alpha_client.get(f"/van-ban/{docs[key].pk}/").status_code == 404
        assert alpha_client.get(f"/van-ban/{docs[key].pk}/tep/{files[key].pk}/").status_code == 404
        # a visible document's id with another document's attachment id
        assert alpha_client.get(f"/van-ban/{docs['all'].pk}/tep/{files[key].pk}/").status_code == 404
    assert alpha_client.get(f"/van-ban/{docs['all'].pk + 999}/tep/1/").status_code == 404
    assert alpha_client.get("/van-ban/quan-ly/").status_code == 404  # members manage nothing
    assert alpha_client.get(f"/van-ban/quan-ly/{docs['all'].pk}/").status_code == 404


def test_drafts_and_withdrawn_documents_are_404_for_members(tree, alpha, alpha_client, docs):
    with in_tenant(alpha):
        draft = document_create(actor=tree.users["pub_root"], unit=tree.root, audience_unit=None, title="Dự thảo",
                                kind="other", level="province")  # fmt: skip
        draft_file = attachment_add(document=draft, actor=tree.users["pub_root"], upload=pdf())
        document_withdraw(document=docs["all"], actor=tree.users["pub_root"], reason="Thay thế")
        withdrawn_file = docs["all"].attachments.get()
    web_login(alpha_client, "dv_x", PASSWORD)
    assert alpha_client.get(f"/van-ban/{draft.pk}/").status_code == 404
    assert alpha_client.get(f"/van-ban/{draft.pk}/tep/{draft_file.pk}/").status_code == 404
    assert alpha_client.get(f"/van-ban/{docs['all'].pk}/").status_code == 404
    assert alpha_client.get(f"/van-ban/{docs['all'].pk}/tep/{withdrawn_file.pk}/").status_code == 404
    assert "05-CT/TU" not in alpha_client.get("/van-ban/").content.decode()


def test_reading_marks_read_once_and_counts_per_unit(tree, alpha, alpha_client, docs):
    web_login(alpha_client, "dv_x", PASSWORD)
    alpha_client.get(f"/van-ban/{docs['all'].pk}/")
    alpha_client.get(f"/van-ban/{docs['all'].pk}/")
    with in_tenant(alpha):
        assert DocumentRead.objects.filter(item=docs["all"]).count() == 1
        counts = dict(DocumentUnitReads.objects.filter(item=docs["all"]).values_list("unit_id", "reads"))
        assert counts == {tree.root.pk: 1, tree.d1.pk: 1, tree.c1.pk: 1, tree.x.pk: 1}
        head, rows = read_rates(docs["all"], tree.root)
        assert head is not None
        assert (head.reads, head.members, head.percent) == (1, 7, 14)
        assert [(r.unit.code, r.reads, r.members) for r in rows] == [("D1", 1, 5), ("D2", 0, 2)]
    page = alpha_client.get("/van-ban/").content.decode()
    assert "Đã đọc" in page


def test_publisher_sees_read_rates_members_do_not(tree, alpha, alpha_client, docs):
    web_login(alpha_client, "pub_root", PASSWORD)
    response = alpha_client.get(f"/van-ban/quan-ly/{docs['all'].pk}/ty-le-doc/")
    assert response.status_code == 200 and "Đảng bộ huyện Kim Sơn" in response.content.decode()
    web_login(alpha_client, "editor_d1", PASSWORD)
    assert alpha_client.get(f"/van-ban/quan-ly/{docs['d1'].pk}/ty-le-doc/").status_code == 404  # no publish right
    assert alpha_client.get(f"/van-ban/quan-ly/{docs['all'].pk}/").status_code == 404  # the province's document


def test_bookmarks_page_and_api(tree, alpha, alpha_client, docs):
    web_login(alpha_client, "dv_x", PASSWORD)
    assert alpha_client.post(f"/van-ban/{docs['d1'].pk}/luu/", {"on": "1"}).status_code == 302
    assert alpha_client.post(f"/van-ban/{docs['d2'].pk}/luu/", {"on": "1"}).status_code == 404
    saved = alpha_client.get("/van-ban/da-luu/").content.decode()
    assert "Yên Mô" in saved and "05-CT/TU" not in saved
    headers = _auth(alpha_client, "dv_x")
    listed = alpha_client.get("/api/v1/documents/bookmarks/", **headers).json()
    assert [r["id"] for r in listed["results"]] == [docs["d1"].pk]
    off = alpha_client.post(f"/api/v1/documents/{docs['d1'].pk}/bookmark/", {"on": False}, **headers)
    assert off.json() == {"bookmarked": False}
    with in_tenant(alpha):
        assert not Bookmark.objects.exists()


def test_api_lists_searches_reads_and_downloads_within_the_audience(tree, alpha, alpha_client, docs):
    headers = _auth(alpha_client, "dv_x")
    listed = alpha_client.get("/api/v1/documents/", **headers).json()
    assert {r["id"] for r in listed["results"]} == {docs["all"].pk, docs["d1"].pk}
    assert all(r["new"] and not r["read"] for r in listed["results"])
    found = alpha_client.get("/api/v1/documents/", {"q": "05-ct/tu"}, **headers).json()
    assert found["searched"] and found["results"][0]["heading"] == "Nghị quyết 05-CT/TU"
    detail = alpha_client.get(f"/api/v1/documents/{docs['d1'].pk}/", **headers).json()
    assert detail["audience"] == "Đảng bộ huyện Yên Mô và các tổ chức trực thuộc"
    download = alpha_client.get(detail["attachments"][0]["url"], **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    again = alpha_client.get("/api/v1/documents/", **headers).json()
    assert {r["id"]: r["read"] for r in again["results"]} == {docs["all"].pk: False, docs["d1"].pk: True}
    for key in ("d2", "y"):
        assert alpha_client.get(f"/api/v1/documents/{docs[key].pk}/", **headers).status_code == 404
        with in_tenant(alpha):
            other = docs[key].attachments.get().pk
        url = f"/api/v1/documents/{docs[key].pk}/attachments/{other}/"
        assert alpha_client.get(url, **headers).status_code == 404
    assert alpha_client.get("/api/v1/documents/").status_code == 401


def test_list_queries_are_constant(tree, alpha, alpha_client, docs):
    web_login(alpha_client, "dv_x", PASSWORD)
    alpha_client.get("/van-ban/")
    with CaptureQueriesContext(connection) as few:
        alpha_client.get("/van-ban/", {"q": "huong dan"})
    with in_tenant(alpha):
        for i in range(12):
            publish(tree, f"Hướng dẫn số {i}", number=f"{i}-HD/TU", attach=True)
    alpha_client.get("/van-ban/")  # back on alpha's connection settings
    with CaptureQueriesContext(connection) as many:
        alpha_client.get("/van-ban/", {"q": "huong dan"})
    assert len(few.captured_queries) == len(many.captured_queries)


def test_cross_tenant_pages_api_and_files_are_404(tree, alpha, beta, alpha_client, beta_client, docs):
    with in_tenant(alpha):
        file_all = docs["all"].attachments.get()
    with in_tenant(beta):
        beta_admin = User.objects.get(email="admin@beta.vn").username
    web_login(beta_client, "member_beta", PASSWORD)
    assert beta_client.get(f"/van-ban/{docs['all'].pk}/").status_code == 404
    assert beta_client.get(f"/van-ban/{docs['all'].pk}/tep/{file_all.pk}/").status_code == 404
    assert beta_client.post(f"/van-ban/{docs['all'].pk}/luu/", {"on": "1"}).status_code == 404
    assert "05-CT/TU" not in beta_client.get("/van-ban/").content.decode()
    headers = _auth(beta_client, "member_beta")
    assert beta_client.get("/api/v1/documents/", **headers).json()["results"] == []
    assert beta_client.get(f"/api/v1/documents/{docs['all'].pk}/", **headers).status_code == 404
    url = f"/api/v1/documents/{docs['all'].pk}/attachments/{file_all.pk}/"
    assert beta_client.get(url, **headers).status_code == 404
    # alpha's token on beta's host is unknown there
    alpha_headers = _auth(alpha_client, "dv_x")
    assert beta_client.get("/api/v1/documents/", **alpha_headers).status_code == 401
    # beta's admin (superuser of beta) sees nothing of alpha either
    web_login(beta_client, beta_admin, PASSWORD)
    doc = docs["all"].pk
    assert beta_client.get(f"/van-ban/quan-ly/{doc}/").status_code == 404
    assert beta_client.get(f"/van-ban/quan-ly/{doc}/ty-le-doc/").status_code == 404
    assert beta_client.post(f"/van-ban/quan-ly/{doc}/thu-hoi/", {"reason": "x"}).status_code == 404
    assert beta_client.post(f"/van-ban/quan-ly/{doc}/phat-hanh/").status_code == 404
    assert beta_client.post(f"/van-ban/quan-ly/{doc}/tep/", {"file": pdf()}).status_code == 404
    assert beta_client.post(f"/van-ban/quan-ly/tep/{file_all.pk}/go/").status_code == 404
    assert "05-CT/TU" not in beta_client.get("/van-ban/quan-ly/").content.decode()
    with in_tenant(alpha):
        assert Document.objects.get(pk=doc).state == DocumentState.PUBLISHED


def test_manager_pages_draft_attach_publish(tree, alpha, alpha_client):
    web_login(alpha_client, "pub_d1", PASSWORD)
    with in_tenant(alpha):
        d1 = str(tree.d1.pk)
    response = alpha_client.post("/van-ban/quan-ly/moi/", {
        "unit": d1, "audience": "unit", "audience_code": "C1", "level": "district", "kind": "guidance",
        "number": "02-HD/HU", "title": "Hướng dẫn sinh hoạt chuyên đề", "summary": "", "body": "",
    })  # fmt: skip
    assert response.status_code == 302
    doc_url = response["Location"]
    bad = alpha_client.post(doc_url + "tep/", {"file": pdf("gia.pdf").__class__("gia.pdf", b"<html>")})
    assert bad.status_code == 302
    assert "không phải tệp PDF thật" in alpha_client.get(doc_url).content.decode()
    assert alpha_client.post(doc_url + "tep/", {"file": pdf()}).status_code == 302
    assert alpha_client.post(doc_url + "phat-hanh/").status_code == 302
    page = alpha_client.get(doc_url).content.decode()
    assert "Đã phát hành" in page and "Đảng bộ xã Yên Phong và các tổ chức trực thuộc" in page
    with in_tenant(alpha):
        assert Attachment.objects.filter(document__number="02-HD/HU").count() == 1
    kept = alpha_client.post(
        "/van-ban/quan-ly/moi/",
        {"unit": d1, "audience": "unit", "level": "district", "kind": "guidance", "number": "03-HD/HU", "title": ""},
    )
    assert kept.status_code == 200 and "03-HD/HU" in kept.content.decode()  # the form keeps what was typed
