"""Documents attached to a meeting by whoever runs the cell's meetings; stored privately (core/meetings/
storage.py) and read only through views that check the reader belongs to the meeting."""

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from billing_free.limits import quota_check, usage_record
from core.audit.services import audit_record
from core.meetings import storage
from core.meetings.models import Meeting, MeetingDocument, MeetingStatus
from core.meetings.services.common import locked, require_runner
from tenants.db.schema import current_schema

MAX_SIZE = 20 * 1024 * 1024
# Extension → the content type we serve it with (never the one the browser claimed).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain; charset=utf-8",
}
EDITABLE = (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED, MeetingStatus.HELD)


@transaction.atomic
def document_attach(*, meeting: Meeting, title: str, upload: UploadedFile, actor: User) -> MeetingDocument:
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in EDITABLE:
        raise ValidationError(_("Buổi sinh hoạt đã kết thúc hoặc đã hủy, không thể đính kèm tài liệu."), code="closed")
    original = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
    ext = storage.extension_of(original)
    if ext not in CONTENT_TYPES:
        raise ValidationError(
            _("Chỉ nhận tệp PDF, Word, Excel, PowerPoint, ảnh JPG/PNG hoặc văn bản TXT."), code="bad_type"
        )
    size = upload.size or 0
    if size <= 0:
        raise ValidationError(_("Tệp rỗng, đồng chí chọn lại tệp."), code="empty")
    if size > MAX_SIZE:
        raise ValidationError(_("Tệp quá lớn: tối đa 20 MB."), code="too_large")
    title = title.strip() or original.rsplit(".", 1)[0]
    if not title:
        raise ValidationError(_("Cần nhập tên tài liệu."), code="no_title")
    quota_check(current_schema(), "storage", size)  # the plan's file size and storage (ADR 0034)
    stored = storage.store_document(original, upload)
    try:
        document = MeetingDocument.objects.create(
            meeting=meeting,
            title=title[:200],
            stored_name=stored,
            original_name=original[:255],
            content_type=CONTENT_TYPES[ext],
            size=size,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="meeting.document_attached",
            target=meeting,
            unit=meeting.cell,
            changes={"document": document.pk, "title": document.title, "size": size},
        )
        usage_record(current_schema(), "storage", size)
    except Exception:
        storage.delete_document(stored)  # no orphan file when the row could not be written
        raise
    return document


@transaction.atomic
def document_remove(*, document: MeetingDocument, actor: User) -> None:
    meeting = locked(document.meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in EDITABLE:
        raise ValidationError(_("Buổi sinh hoạt đã kết thúc hoặc đã hủy, không thể gỡ tài liệu."), code="closed")
    stored, title, pk, size = document.stored_name, document.title, document.pk, document.size
    document.delete()
    usage_record(current_schema(), "storage", -size)
    audit_record(
        actor=actor,
        action="meeting.document_removed",
        target=meeting,
        unit=meeting.cell,
        changes={"document": pk, "title": title},
    )
    path = storage.stored_document(stored)  # resolved now, in this tenant's area
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


__all__ = ["CONTENT_TYPES", "MAX_SIZE", "document_attach", "document_remove"]
