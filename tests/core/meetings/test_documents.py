"""Meeting documents: allowed types and size, private storage per tenant, download only for the cell's members
(published meetings) and runners, 404 for other cells, drafts and other tenants; listed on the member's page and
in the API with constant queries."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.content.objects import storage_usage
from core.content.storage import StoredObject
from core.meetings.models import Meeting, MeetingDocument
from core.meetings.services.documents import MAX_SIZE, document_attach, document_remove
from core.meetings.services.scheduling import meeting_schedule
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, published_meeting
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

PDF = b"%PDF-1.4\n% Nghi quyet chi bo\n"


def _statements(captured) -> int:
    return sum(1 for q in captured.captured_queries if not q["sql"].startswith("SET search_path"))


@pytest.fixture(autouse=True)
def media(private_store, settings):
    """Every test here runs on the local disk and on a real S3 bucket (SeaweedFS)."""
    return Path(settings.MEDIA_ROOT)


def _pdf(name: str = "Nghị quyết tháng 12.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_attach_stores_privately_under_the_tenant_schema(
    tree, alpha, media, private_store, django_capture_on_commit_callbacks
):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        doc = document_attach(meeting=meeting, title="", upload=_pdf(), actor=tree.users["sec_x"])
    assert doc.title == "Nghị quyết tháng 12" and doc.original_name == "Nghị quyết tháng 12.pdf"
    assert doc.size == len(PDF) and doc.content_type == "application/pdf"
    stored = StoredObject(f"alpha/meetings/{doc.stored_name}")
    with stored.open() as handle:
        assert handle.read() == PDF and doc.stored_name.endswith(".pdf") and "Nghị" not in doc.stored_name
    if private_store == "disk":
        path = media / "objects" / "alpha" / "meetings" / doc.stored_name
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    with in_tenant(alpha), django_capture_on_commit_callbacks(execute=True):
        document_remove(document=doc, actor=tree.users["sec_x"])
        assert not MeetingDocument.objects.exists()
    assert not stored.exists()


def test_type_size_and_permission_errors(tree, alpha, media):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        for name in ("virus.exe", "trang.html", "khong-duoi"):
            with pytest.raises(ValidationError) as bad:
                document_attach(meeting=meeting, title="x", upload=_pdf(name), actor=sec)
            assert bad.value.code == "bad_type" and "Chỉ nhận tệp" in bad.value.messages[0]
        big = _pdf("lon.pdf")
        big.size = MAX_SIZE + 1
        with pytest.raises(ValidationError) as too_big:
            document_attach(meeting=meeting, title="x", upload=big, actor=sec)
        assert too_big.value.code == "too_large" and "20 MB" in too_big.value.messages[0]
        with pytest.raises(ValidationError):
            document_attach(meeting=meeting, title="x", upload=SimpleUploadedFile("rong.txt", b""), actor=sec)
        with pytest.raises(PermissionDenied):
            document_attach(meeting=meeting, title="x", upload=_pdf(), actor=tree.users["member_x"])
        y_meeting = published_meeting(tree, cell=tree.y)
        with pytest.raises(PermissionDenied):
            document_attach(meeting=y_meeting, title="x", upload=_pdf(), actor=sec)
        # uppercase extensions of allowed types are fine
        ok = document_attach(meeting=meeting, title="Ảnh", upload=_pdf("ANH.JPG"), actor=sec)
        assert ok.content_type == "image/jpeg"
        assert MeetingDocument.objects.count() == 1
    assert storage_usage("alpha").objects == 1


def test_secretary_uploads_and_members_download(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    web_login(alpha_client, "sec_x", PASSWORD)
    response = alpha_client.post(
        f"/sinh-hoat/quan-ly/{meeting.pk}/tai-lieu/", {"title": "Dự thảo nghị quyết", "file": _pdf()}
    )
    assert response.status_code == 302
    bad = alpha_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/tai-lieu/", {"file": _pdf("x.exe")}, follow=True)
    assert "Chỉ nhận tệp" in bad.content.decode()
    with in_tenant(alpha):
        doc = MeetingDocument.objects.get()
    assert "Dự thảo nghị quyết" in alpha_client.get(f"/sinh-hoat/quan-ly/{meeting.pk}/?buoc=chuan-bi").content.decode()
    web_login(alpha_client, "dv_x", PASSWORD)
    assert f"/sinh-hoat/tai-lieu/{doc.pk}/" in alpha_client.get("/sinh-hoat/").content.decode()
    download = alpha_client.get(f"/sinh-hoat/tai-lieu/{doc.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"].startswith("attachment;") and "Ngh%E1%BB%8B" in download["Content-Disposition"]
    )
    assert alpha_client.post(f"/sinh-hoat/quan-ly/tai-lieu/{doc.pk}/go/").status_code == 404  # members cannot remove


def test_download_refused_to_other_cells_drafts_and_other_tenants(tree, alpha, beta, alpha_client, beta_client):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        doc = document_attach(meeting=meeting, title="Tài liệu", upload=_pdf(), actor=sec)
        start = meeting.starts_at + dt.timedelta(days=30)
        draft = meeting_schedule(
            cell=tree.x, title="Tháng sau", starts_at=start, ends_at=start + dt.timedelta(hours=1), actor=sec
        )
        draft_doc = document_attach(meeting=draft, title="Nháp", upload=_pdf(), actor=sec)
        give_account(tree.members["Y"][0], "dv_y")
    web_login(alpha_client, "dv_y", PASSWORD)
    assert alpha_client.get(f"/sinh-hoat/tai-lieu/{doc.pk}/").status_code == 404
    web_login(alpha_client, "dv_x", PASSWORD)
    assert alpha_client.get(f"/sinh-hoat/tai-lieu/{draft_doc.pk}/").status_code == 404
    assert alpha_client.get("/sinh-hoat/tai-lieu/999999/").status_code == 404
    web_login(alpha_client, "sec_x", PASSWORD)
    assert alpha_client.get(f"/sinh-hoat/tai-lieu/{draft_doc.pk}/").status_code == 200
    web_login(alpha_client, "admin_d1", PASSWORD)  # a runner over the cell
    assert alpha_client.get(f"/sinh-hoat/tai-lieu/{doc.pk}/").status_code == 200
    with in_tenant(beta):
        build_tree()
    web_login(beta_client, "sec_x", PASSWORD)
    assert beta_client.get(f"/sinh-hoat/tai-lieu/{doc.pk}/").status_code == 404
    assert beta_client.post(f"/sinh-hoat/quan-ly/tai-lieu/{doc.pk}/go/").status_code == 404
    assert beta_client.post(f"/sinh-hoat/quan-ly/{meeting.pk}/tai-lieu/", {"file": _pdf()}).status_code == 404
    alpha_auth = _auth(alpha_client, "dv_x")
    assert alpha_client.get(f"/api/v1/meetings/documents/{doc.pk}/", **alpha_auth).status_code == 200
    assert alpha_client.get(f"/api/v1/meetings/documents/{draft_doc.pk}/", **alpha_auth).status_code == 404
    assert beta_client.get(f"/api/v1/meetings/documents/{doc.pk}/", **alpha_auth).status_code == 401
    beta_auth = _auth(beta_client, "dv_x")
    assert beta_client.get(f"/api/v1/meetings/documents/{doc.pk}/", **beta_auth).status_code == 404
    y_auth = _auth(alpha_client, "dv_y")
    assert alpha_client.get(f"/api/v1/meetings/documents/{doc.pk}/", **y_auth).status_code == 404
    with in_tenant(alpha):
        assert MeetingDocument.objects.count() == 2
    with in_tenant(beta):
        assert not MeetingDocument.objects.exists() and not Meeting.objects.exists()


def test_api_next_meeting_lists_documents_in_constant_queries(tree, alpha, alpha_client):
    with in_tenant(alpha):
        meeting = published_meeting(tree, items=1)
        document_attach(meeting=meeting, title="Một", upload=_pdf(), actor=tree.users["sec_x"])
    auth = _auth(alpha_client, "dv_x")
    alpha_client.get("/api/v1/meetings/next/", **auth)  # warm: the gate's cached facts, the token's use stamp
    with CaptureQueriesContext(connection) as few:
        data = alpha_client.get("/api/v1/meetings/next/", **auth).json()
    [doc] = data["meeting"]["documents"]
    assert (
        doc["title"] == "Một" and doc["size"] == len(PDF) and doc["url"] == f"/api/v1/meetings/documents/{doc['id']}/"
    )
    with in_tenant(alpha):
        for n in range(4):
            document_attach(meeting=meeting, title=f"Thêm {n}", upload=_pdf(), actor=tree.users["sec_x"])
    with CaptureQueriesContext(connection) as many:
        data = alpha_client.get("/api/v1/meetings/next/", **auth).json()
    assert [d["title"] for d in data["meeting"]["documents"]] == ["Một", "Thêm 0", "Thêm 1", "Thêm 2", "Thêm 3"]
    assert _statements(many) == _statements(few)  # the search_path switch after in_tenant aside


def test_my_next_meeting_is_seven_queries(tree, alpha):
    """member, seats, meeting, agenda items, documents, attendance, other upcoming meetings — whatever the
    number of items and documents."""
    from core.meetings.selectors import my_next_meeting

    with in_tenant(alpha):
        meeting = published_meeting(tree, items=3)
        for n in range(3):
            document_attach(meeting=meeting, title=f"Tài liệu {n}", upload=_pdf(), actor=tree.users["sec_x"])
        with CaptureQueriesContext(connection) as queries:
            mine = my_next_meeting(tree.users["member_x"], with_others=True)
            assert mine is not None and mine.meeting is not None
            assert len(mine.meeting.agenda_items.all()) == 3 and len(mine.meeting.documents.all()) == 3
    assert len(queries) == 7  # member, seats, meeting, agenda, documents, attendance, other upcoming
