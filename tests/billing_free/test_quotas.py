"""Hard limits: refused with a clear Vietnamese message before anything is written, nothing already stored lost.
Members (creation and import), live units, storage and file size on real uploads (page and API; meeting
documents, library attachments, import files, news covers), notifications per day; storage counted on
upload and delete."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from billing_free.limits import QuotaExceeded, quota_check, storage_used, usage_record
from billing_free.models import TenantUsage
from core.access.models import Role
from core.imports.models import ImportJob, ImportKind
from core.imports.services import import_job_create
from core.library.models import Attachment
from core.library.services import attachment_add, document_create
from core.meetings.models import MeetingDocument
from core.meetings.services.documents import document_attach, document_remove
from core.members.enrolment import member_create
from core.members.models import Member
from tenants.rollout.models import RolloutUnit, RolloutWave
from tenants.rollout.services import unit_transition, wave_promote
from tests.billing_free.conftest import MB, small_plan
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import published_meeting
from tests.core.meetings.test_pages_and_api import _auth
from tests.core.members.test_member_records import PROFILE
from tests.factories.org import user_with
from tests.helpers import in_tenant, web_login

PDF = b"%PDF-1.4\n% Nghi quyet\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _pdf(size: int = len(PDF), name: str = "Nghị quyết.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + b"0" * (size - len(PDF)), content_type="application/pdf")


def _files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def _fill(tenant, used: int) -> None:
    TenantUsage.objects.filter(tenant=tenant).update(storage_bytes=used)


def test_member_creation_stops_at_the_members_limit(alpha, tree):
    small_plan(alpha, max_members=7)  # the tree has 7 members
    with in_tenant(alpha), pytest.raises(QuotaExceeded) as refused:
        member_create(cell=tree.x, values=PROFILE, actor=tree.users["btc"])
    message = refused.value.messages[0]
    assert refused.value.code == "quota_exceeded"
    assert "Vượt hạn mức “Đảng viên” của gói “Gói nhỏ”: đang có 7, thêm 1, tối đa 7" in message
    with in_tenant(alpha):
        assert Member.objects.count() == 7


def test_member_creation_within_the_limit(alpha, tree):
    small_plan(alpha, max_members=8)
    with in_tenant(alpha):
        member_create(cell=tree.x, values=PROFILE, actor=tree.users["btc"])
        assert Member.objects.count() == 8


def test_member_creation_page_shows_the_refusal(alpha, tree, alpha_client):
    from tests.core.members.test_member_records import FORM

    small_plan(alpha, max_members=7)
    web_login(alpha_client, "btc", PASSWORD)
    response = alpha_client.post("/dang-vien/them/", FORM, follow=True)
    assert "Vượt hạn mức" in response.content.decode()
    with in_tenant(alpha):
        assert Member.objects.count() == 7


def test_a_unit_cannot_go_live_past_the_plan(alpha):
    small_plan(alpha, max_live_units=1)
    RolloutUnit.objects.create(tenant=alpha, unit_code="D2", unit_name="Kim Sơn", state="live")
    wave = RolloutWave.objects.create(
        tenant=alpha, name="Đợt 2", planned_start=dt.date(2026, 1, 5), planned_end=dt.date(2026, 4, 30)
    )
    pilot = RolloutUnit.objects.create(tenant=alpha, unit_code="D1", unit_name="Yên Mô", wave=wave, state="pilot")
    with pytest.raises(QuotaExceeded) as refused:
        unit_transition(pilot, "live", "op", "Đủ điều kiện")
    assert "Đơn vị triển khai chính thức" in refused.value.messages[0]
    with pytest.raises(QuotaExceeded):
        wave_promote(wave, "op", "Đủ điều kiện")
    pilot.refresh_from_db()
    assert pilot.state == "pilot"
    small_plan(alpha, max_live_units=2)
    unit_transition(pilot, "live", "op", "Đủ điều kiện")
    pilot.refresh_from_db()
    assert pilot.state == "live"


def test_storage_quota_on_a_real_upload_through_the_page(alpha, tree, alpha_client, media):
    small_plan(alpha, max_storage_mb=1)
    _fill(alpha, MB - 10)
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        kept = MeetingDocument.objects.count()
    web_login(alpha_client, "sec_x", PASSWORD)
    response = alpha_client.post(
        f"/sinh-hoat/quan-ly/{meeting.pk}/tai-lieu/", {"title": "Dự thảo", "file": _pdf(100)}, follow=True
    )
    html = response.content.decode()
    assert "Đã hết dung lượng lưu trữ của gói “Gói nhỏ”" in html and "Tệp chưa được lưu" in html
    with in_tenant(alpha):
        assert MeetingDocument.objects.count() == kept
    assert _files(media) == []
    assert storage_used(alpha.pk) == MB - 10  # nothing counted


def test_storage_quota_on_a_real_upload_through_the_api(alpha, tree, alpha_client, media):
    small_plan(alpha, max_storage_mb=1)
    _fill(alpha, MB - 10)
    with in_tenant(alpha):
        meeting = published_meeting(tree)
    auth = _auth(alpha_client, "sec_x")
    url = f"/api/v1/meetings/manage/{meeting.pk}/documents/"
    response = alpha_client.post(url, {"title": "Dự thảo", "file": _pdf(100)}, **auth)
    assert response.status_code == 400
    assert "hết dung lượng lưu trữ" in response.content.decode()
    assert _files(media) == []
    _fill(alpha, 0)
    ok = alpha_client.post(url, {"title": "Dự thảo", "file": _pdf(100)}, **auth)
    assert ok.status_code == 201 and len(_files(media)) == 1


def test_file_size_limit_of_the_plan(alpha, tree, media):
    small_plan(alpha, max_attachment_mb=1)
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        with pytest.raises(QuotaExceeded) as refused:
            document_attach(meeting=meeting, title="Lớn", upload=_pdf(MB + 1), actor=tree.users["sec_x"])
        assert "Tệp quá lớn" in refused.value.messages[0] and "tối đa 1,0" in refused.value.messages[0]
        document_attach(meeting=meeting, title="Vừa", upload=_pdf(MB), actor=tree.users["sec_x"])
    assert len(_files(media)) == 1


def test_storage_is_counted_on_upload_and_delete(alpha, tree, django_capture_on_commit_callbacks):
    small_plan(alpha, max_storage_mb=5)
    with in_tenant(alpha):
        meeting = published_meeting(tree)
        with django_capture_on_commit_callbacks(execute=True):
            doc = document_attach(meeting=meeting, title="A", upload=_pdf(1000), actor=tree.users["sec_x"])
        assert storage_used(alpha.pk) == 1000
        with django_capture_on_commit_callbacks(execute=True):
            document_remove(document=doc, actor=tree.users["sec_x"])
    assert storage_used(alpha.pk) == 0


def test_library_attachments_respect_the_storage_quota(alpha, tree, media):
    small_plan(alpha, max_storage_mb=1)
    _fill(alpha, MB)
    with in_tenant(alpha):
        publisher = user_with("pub_root", (Role.PUBLISHER, tree.root))
        document = document_create(
            actor=publisher, unit=tree.root, audience_unit=None, title="Nghị quyết", number="", kind="resolution",
            level="province",
        )  # fmt: skip
        with pytest.raises(QuotaExceeded):
            attachment_add(document=document, actor=publisher, upload=_pdf(200))
        assert not Attachment.objects.exists()
    assert _files(media) == []


def test_import_uploads_respect_the_storage_quota(alpha, media, tmp_path):
    small_plan(alpha, max_storage_mb=1)
    _fill(alpha, MB)
    source = tmp_path / "dang-vien.csv"
    source.write_text("Số thẻ\n01000001\n", encoding="utf-8")
    with in_tenant(alpha):
        with pytest.raises(QuotaExceeded):
            import_job_create(
                kind=ImportKind.MEMBERS, source=source, filename="dang-vien.csv", actor=None, enqueue=False
            )
        assert not ImportJob.objects.exists()
    assert not (media / "imports").exists()


def test_notifications_per_day(alpha):
    small_plan(alpha, notifications_per_day=5)
    usage_record(alpha, "notifications", 4)
    quota_check(alpha, "notifications", 1)
    with pytest.raises(QuotaExceeded) as refused:
        quota_check(alpha, "notifications", 2)
    assert "Thông báo mỗi ngày" in refused.value.messages[0]


def test_meeting_fan_out_is_metered(alpha, tree):
    from django.utils import timezone

    from billing_free import meter

    with in_tenant(alpha):
        published_meeting(tree)  # publishing notifies the cell's members who have an account
    assert meter.pending("alpha", "notifications_sent", timezone.localdate()) >= 1


def test_unknown_resource_and_recording_of_measured_resources(alpha):
    with pytest.raises(KeyError):
        quota_check("alpha", "bananas", 1)
    with pytest.raises(ValueError, match="measured"):
        usage_record("alpha", "members", 1)


def test_news_cover_images_respect_the_storage_quota_and_are_counted(alpha, media, django_capture_on_commit_callbacks):
    from core.news.covers import cover_delete, cover_store
    from tests.core.news.images import png_upload

    small_plan(alpha, max_storage_mb=1)
    _fill(alpha, MB)
    with in_tenant(alpha), pytest.raises(QuotaExceeded):
        cover_store(png_upload(400, 300))
    assert _files(media) == []
    _fill(alpha, 0)
    with in_tenant(alpha):
        with django_capture_on_commit_callbacks(execute=True):
            stored = cover_store(png_upload(400, 300))
        on_disk = sum(p.stat().st_size for p in _files(media))
        assert storage_used(alpha.pk) == on_disk > 0
        with django_capture_on_commit_callbacks(execute=True):
            cover_delete(stored.full, stored.thumb)
    assert _files(media) == [] and storage_used(alpha.pk) == 0


def test_a_notice_past_the_daily_limit_is_refused_before_anything_is_written(alpha, tree):
    from core.notifications.models import Audience, Kind, Notice, Notification
    from core.notifications.services import notify

    small_plan(alpha, notifications_per_day=5)
    usage_record(alpha, "notifications", 4)
    with in_tenant(alpha):
        users = [tree.users["member_x"].pk, tree.users["sec_x"].pk]
        with pytest.raises(QuotaExceeded) as refused:
            notify(kind=Kind.GENERAL, text="Hai người", user_ids=users)
        assert "Thông báo mỗi ngày" in refused.value.messages[0]
        with pytest.raises(QuotaExceeded):  # the whole committee: counted before the fan-out is queued
            notify(kind=Kind.GENERAL, text="Toàn Đảng bộ", audience=Audience.COMMITTEE)
        assert not Notice.objects.exists() and not Notification.objects.exists()
        told = notify(kind=Kind.GENERAL, text="Một người", user_ids=[users[0]])
        assert told.recipients == 1


def test_a_meeting_publish_past_the_daily_limit_keeps_the_meeting_a_draft(alpha, tree):
    from core.meetings.models import Meeting, MeetingStatus

    small_plan(alpha, notifications_per_day=1)
    usage_record(alpha, "notifications", 1)
    with in_tenant(alpha), pytest.raises(QuotaExceeded):
        published_meeting(tree)
    with in_tenant(alpha):
        assert not Meeting.objects.filter(status=MeetingStatus.PUBLISHED).exists()


def test_feedback_attachments_respect_the_storage_quota_and_are_counted(
    alpha, tree, media, django_capture_on_commit_callbacks
):
    from core.feedback.models import Attachment as FeedbackAttachment
    from core.feedback.models import Thread
    from core.feedback.services import thread_create
    from tests.core.content.files import pdf

    small_plan(alpha, max_storage_mb=1)
    _fill(alpha, MB - 10)
    upload = pdf("kien-nghi.pdf")
    with in_tenant(alpha), pytest.raises(QuotaExceeded):
        thread_create(actor=tree.users["member_x"], unit=tree.x, subject="Đường", body="Sửa đường", upload=upload)
    with in_tenant(alpha):
        assert not Thread.objects.exists() and not FeedbackAttachment.objects.exists()
    assert storage_used(alpha.pk) == MB - 10
    _fill(alpha, 0)
    upload = pdf("kien-nghi.pdf")
    with django_capture_on_commit_callbacks(execute=True), in_tenant(alpha):
        thread_create(actor=tree.users["member_x"], unit=tree.x, subject="Đường", body="Sửa đường", upload=upload)
        size = FeedbackAttachment.objects.get().size
    assert storage_used(alpha.pk) == size > 0
