"""Stored files across tenants: a key always starts with the schema of the request, so nothing on beta's host
(pages, API, a row naming alpha's file) reaches alpha's object; and the bucket itself answers nobody without
the application's credentials."""

import urllib.error
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.content.storage import StoredObject, object_key, private_storage, put
from core.meetings.models import MeetingDocument
from core.meetings.services.documents import document_attach
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import published_meeting
from tests.core.meetings.test_pages_and_api import _auth
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

PDF = b"%PDF-1.4\n% tai lieu rieng cua alpha\n"


@pytest.mark.usefixtures("private_store")
def test_beta_reaches_no_alpha_object_by_any_url(alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        tree = build_tree()
        meeting = published_meeting(tree)
        upload = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
        doc = document_attach(meeting=meeting, title="Biên bản", upload=upload, actor=tree.users["sec_x"])
    with in_tenant(beta):
        beta_tree = build_tree()
        beta_meeting = published_meeting(beta_tree)
        # A beta row naming alpha's stored file (as a forged or restored row could): it resolves in beta's keys.
        forged = MeetingDocument.objects.create(
            meeting=beta_meeting, title="x", stored_name=doc.stored_name, original_name="x.pdf",
            content_type="application/pdf", size=len(PDF),
        )  # fmt: skip
    web_login(beta_client, "dv_x", PASSWORD)
    for url in (f"/sinh-hoat/tai-lieu/{doc.pk}/", f"/sinh-hoat/tai-lieu/{forged.pk}/"):
        assert beta_client.get(url).status_code == 404
    headers = _auth(beta_client, "dv_x")
    assert beta_client.get(f"/api/v1/meetings/documents/{forged.pk}/", **headers).status_code == 404
    web_login(alpha_client, "dv_x", PASSWORD)
    mine = alpha_client.get(f"/sinh-hoat/tai-lieu/{doc.pk}/")
    assert mine.status_code == 200 and b"".join(mine.streaming_content) == PDF
    assert StoredObject(object_key("alpha", "meetings", doc.stored_name)).exists()
    assert not StoredObject(object_key("beta", "meetings", doc.stored_name)).exists()


def test_objects_are_private_in_the_bucket(s3_store, alpha):
    key = put(object_key("alpha", "meetings", "g7.pdf"), PDF)
    storage = private_storage()
    url = f"{storage.endpoint_url}/{storage.bucket_name}/{storage._normalize_name(key)}"  # type: ignore[attr-defined]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=5)
    assert refused.value.code == 403  # an anonymous request gets nothing
    with StoredObject(key).open() as handle:
        assert handle.read() == PDF  # while the application's credentials read it
