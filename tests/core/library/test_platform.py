"""Platform-wide documents: published once on the console, mirrored into subscribing tenants only (metadata rows,
files never copied), corrected and withdrawn everywhere, withdrawn from a tenant that stops subscribing; the
sync task runs only inside a tenant; console pages are for operators only."""

from unittest import mock

import pytest
from django.conf import settings
from django.test import Client

from config.celery import app
from core.content.objects import storage_usage
from core.content.storage import PLATFORM
from core.library.models import Attachment, Document, DocumentState
from core.library.platform import platform_sync
from core.library.tasks import platform_sync_task
from core.tasks import TenantRequired
from tenants.library import services
from tenants.library.models import LibrarySubscription, PlatformDocument
from tests.conftest import PASSWORD, host
from tests.core.content.files import PDF, pdf
from tests.core.meetings.test_pages_and_api import _auth
from tests.helpers import in_tenant, web_login


@pytest.fixture(autouse=True)
def media(private_store, settings):
    """Shared files on the local disk and on a real S3 bucket (SeaweedFS)."""
    return settings.MEDIA_ROOT


@pytest.fixture
def central(alpha, beta, media):
    document = services.platform_document_save(
        actor="operator", level="central", kind="resolution", number="57-NQ/TW", title="Về đột phá phát triển khoa học"
    )
    services.platform_attachment_add(actor="operator", document=document, upload=pdf("NQ57.pdf"))
    return document


def _sent(send: mock.MagicMock) -> list[str]:
    return [c.kwargs["headers"]["_schema_name"] for c in send.call_args_list]


def test_publish_reaches_subscribers_only_and_files_are_stored_once(
    alpha, beta, central, media, django_capture_on_commit_callbacks
):
    services.library_subscribe(actor="operator", tenant=alpha, on=True)
    with mock.patch.object(app, "send_task") as send, django_capture_on_commit_callbacks(execute=True):
        services.platform_document_publish(actor="operator", document=central)
    assert _sent(send) == ["alpha"] and send.call_args.args == ("core.library.tasks.platform_sync",)
    with in_tenant(alpha):
        assert platform_sync().written == 1
        assert platform_sync().written == 0  # idempotent: nothing changed
        mirror = Document.objects.get(platform_id=central.pk)
        assert mirror.state == DocumentState.PUBLISHED and mirror.audience_unit is None and mirror.unit is None
        shared = Attachment.objects.get(document=mirror)
        assert shared.shared and shared.stored_name == central.attachments.get().stored_name
    with in_tenant(beta):
        assert platform_sync().subscribed is False
        assert not Document.objects.exists()
    assert storage_usage(PLATFORM).objects == 1  # stored once, for the platform
    assert storage_usage("alpha").objects == storage_usage("beta").objects == 0


def test_members_read_and_download_the_shared_file_through_their_tenant(
    alpha, beta, central, alpha_client, beta_client
):
    services.library_subscribe(actor="operator", tenant=alpha, on=True)
    services.platform_document_publish(actor="operator", document=central)
    with in_tenant(alpha):
        platform_sync()
        mirror = Document.objects.get(platform_id=central.pk)
        attachment = mirror.attachments.get()
    headers = _auth(alpha_client, "member_alpha")
    found = alpha_client.get("/api/v1/documents/", {"q": "nghi quyet 57"}, **headers).json()
    assert found["results"][0]["id"] == mirror.pk and found["results"][0]["heading"] == "Nghị quyết 57-NQ/TW"
    download = alpha_client.get(f"/api/v1/documents/{mirror.pk}/attachments/{attachment.pk}/", **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    web_login(beta_client, "member_beta", PASSWORD)  # beta does not subscribe: alpha's ids mean nothing there
    assert beta_client.get(f"/van-ban/{mirror.pk}/").status_code == 404
    assert beta_client.get(f"/van-ban/{mirror.pk}/tep/{attachment.pk}/").status_code == 404


def test_corrections_and_withdrawal_follow_and_unsubscribing_withdraws(alpha, central):
    services.library_subscribe(actor="operator", tenant=alpha, on=True)
    services.platform_document_publish(actor="operator", document=central)
    with in_tenant(alpha):
        platform_sync()
    fixed = services.platform_document_save(actor="operator", document=central, title="Về đột phá phát triển KHCN")
    with in_tenant(alpha):
        assert platform_sync().written == 1
        assert Document.objects.get(platform_id=central.pk).title == "Về đột phá phát triển KHCN"
    services.platform_document_withdraw(actor="operator", document=fixed, reason="Thay bằng văn bản hợp nhất")
    with in_tenant(alpha):
        platform_sync()
        mirror = Document.objects.get(platform_id=central.pk)
        assert mirror.state == DocumentState.WITHDRAWN and mirror.withdrawn_reason == "Thay bằng văn bản hợp nhất"
    other = services.platform_document_save(actor="operator", kind="directive", number="45-CT/TW", title="Chỉ thị")
    services.platform_document_publish(actor="operator", document=other)
    services.library_subscribe(actor="operator", tenant=alpha, on=False)
    with in_tenant(alpha):
        result = platform_sync()
        assert (result.subscribed, result.withdrawn) == (False, 0)  # never received 45-CT/TW
        services.library_subscribe(actor="operator", tenant=alpha, on=True)
        platform_sync()
        assert Document.objects.get(platform_id=other.pk).state == DocumentState.PUBLISHED
        services.library_subscribe(actor="operator", tenant=alpha, on=False)
        assert platform_sync().withdrawn == 1
        assert not Document.objects.filter(state=DocumentState.PUBLISHED).exists()


def test_sync_task_runs_only_inside_a_tenant(alpha, central):
    with pytest.raises(TenantRequired):
        platform_sync_task.apply().get()
    services.library_subscribe(actor="operator", tenant=alpha, on=True)
    services.platform_document_publish(actor="operator", document=central)
    with in_tenant(alpha):
        assert platform_sync_task.delay().get() == {"subscribed": True, "written": 1, "withdrawn": 0}


def test_published_files_cannot_change_and_withdrawal_needs_a_reason(central):
    services.platform_document_publish(actor="operator", document=central)
    with pytest.raises(Exception, match="bản nháp"):
        services.platform_attachment_add(actor="operator", document=central, upload=pdf())
    with pytest.raises(Exception, match="lý do"):
        services.platform_document_withdraw(actor="operator", document=central, reason="")


def test_console_pages_for_operators_only(operator_client, alpha, central):
    listing = operator_client.get("/console/van-ban/")
    assert listing.status_code == 200 and "57-NQ/TW" in listing.content.decode()
    assert operator_client.post(f"/console/van-ban/dang-ky/{alpha.pk}/", {"on": "1"}).status_code == 302
    assert LibrarySubscription.objects.filter(tenant=alpha).exists()
    created = operator_client.post("/console/van-ban/moi/", {"level": "central", "kind": "conclusion",
                                                             "number": "123-KL/TW", "title": "Kết luận"})  # fmt: skip
    assert created.status_code == 302 and PlatformDocument.objects.filter(number="123-KL/TW").exists()
    assert operator_client.post(f"/console/van-ban/{central.pk}/phat-hanh/").status_code == 302
    central.refresh_from_db()
    assert central.state == DocumentState.PUBLISHED
    tenant_host = Client(HTTP_HOST=host("alpha"))
    assert tenant_host.get("/console/van-ban/").status_code == 404  # the console exists on the platform host only
    anonymous = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    assert anonymous.get("/console/van-ban/").status_code == 302
