"""Writes of the library: draft, edit, publish, withdraw, attach and remove files. One transaction each, an
audit row each, files removed after commit. Who may do what: LIBRARY_EDIT over the publishing unit drafts,
edits drafts and attaches files; LIBRARY_PUBLISH over it (and over the audience) publishes and withdraws.
Platform documents (mirrored from the console, ADR 0015) are never edited here."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from billing_free.limits import quota_check, usage_record
from core.access.checks import has_perm_on
from core.access.permissions import LIBRARY_EDIT, LIBRARY_PUBLISH
from core.audit.services import audit_record
from core.content.audience import may_address
from core.content.search import search_columns
from core.content.storage import PrivateStore
from core.content.uploads import check_upload
from core.library.models import Attachment, Document, DocumentState
from core.notifications.models import Kind
from core.notifications.services import notify_unit_audience
from core.org.models import OrgUnit
from tenants.db.schema import current_schema

STORE = PrivateStore("library")
MAX_ATTACHMENTS = 10
FIELDS = ("level", "kind", "number", "issued_on", "issuer", "title", "summary", "body")


def searchable(document: Document) -> None:
    """Refresh the folded search columns (core/content/search.py): the kind and number read as a heading."""
    heading = f"{document.get_kind_display()} {document.number}"
    for name, value in search_columns(
        key=document.number, title=f"{heading} {document.title}", summary=document.summary, body=document.body
    ).items():
        setattr(document, name, value)


def _require(actor: User, perm: str, unit: OrgUnit | None) -> None:
    if unit is None or not has_perm_on(actor, perm, unit):
        raise PermissionDenied(_("Đồng chí không có quyền với văn bản của đơn vị này."))


def _check_audience(actor: User, perm: str, unit: OrgUnit, audience: OrgUnit | None) -> None:
    if audience is not None and not audience.path.startswith(unit.path):
        raise ValidationError(_("Chỉ gửi văn bản tới đơn vị mình hoặc các tổ chức trực thuộc."), code="audience")
    if not may_address(actor, perm, audience):
        raise PermissionDenied(_("Đồng chí không có quyền gửi văn bản tới toàn đảng bộ."))


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in FIELDS}
    if "title" in cleaned and not cleaned["title"]:
        raise ValidationError(_("Cần nhập trích yếu (tên) của văn bản."), code="no_title")
    return cleaned


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update(of=("self",)).select_related("unit", "audience_unit").get(pk=document.pk)


@transaction.atomic
def document_create(*, actor: User, unit: OrgUnit, audience_unit: OrgUnit | None, **values: Any) -> Document:
    _require(actor, LIBRARY_EDIT, unit)
    _check_audience(actor, LIBRARY_EDIT, unit, audience_unit)
    cleaned = _clean({"title": "", **values})
    document = Document(unit=unit, audience_unit=audience_unit, created_by=actor, **cleaned)
    searchable(document)
    document.save()
    changes = {k: str(v) for k, v in cleaned.items() if k not in ("summary", "body") and v not in ("", None)}
    audit_record(actor=actor, action="library.document_created", target=document, unit=unit, changes=changes)
    return document


@transaction.atomic
def document_update(*, document: Document, actor: User, audience_unit: OrgUnit | None, **values: Any) -> Document:
    document = _locked(document)
    if document.is_platform or document.state != DocumentState.DRAFT:
        raise ValidationError(_("Chỉ sửa được văn bản đang là bản nháp."), code="not_draft")
    assert document.unit is not None
    _require(actor, LIBRARY_EDIT, document.unit)
    _check_audience(actor, LIBRARY_EDIT, document.unit, audience_unit)
    cleaned = _clean(values)
    changes = {k: str(v)[:200] for k, v in cleaned.items() if getattr(document, k) != v}
    if document.audience_unit_id != (audience_unit.pk if audience_unit else None):
        changes["audience_unit"] = str(audience_unit.pk if audience_unit else "")
    for name, value in cleaned.items():
        setattr(document, name, value)
    document.audience_unit = audience_unit
    searchable(document)
    document.save()
    audit_record(actor=actor, action="library.document_updated", target=document, unit=document.unit, changes=changes)
    return document


@transaction.atomic
def document_publish(*, document: Document, actor: User, now: dt.datetime | None = None) -> Document:
    document = _locked(document)
    if document.is_platform or document.state != DocumentState.DRAFT:
        raise ValidationError(_("Văn bản này không còn là bản nháp."), code="not_draft")
    assert document.unit is not None
    _require(actor, LIBRARY_PUBLISH, document.unit)
    _check_audience(actor, LIBRARY_PUBLISH, document.unit, document.audience_unit)
    document.state = DocumentState.PUBLISHED
    document.published_at = now or timezone.now()
    document.published_by = actor
    document.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    audit_record(
        actor=actor,
        action="library.document_published",
        target=document,
        unit=document.unit,
        changes={"audience_unit": document.audience_unit_id, "number": document.number},
    )
    title = f"{document.number} — {document.title}" if document.number else document.title
    notify_unit_audience(
        kind=Kind.DOCUMENT,
        text=f"Văn bản mới: {title}",
        url=reverse("library:detail", kwargs={"document_id": document.pk}),
        unit=document.audience_unit,
        actor=actor,
    )
    return document


@transaction.atomic
def document_withdraw(*, document: Document, actor: User, reason: str, now: dt.datetime | None = None) -> Document:
    document = _locked(document)
    if document.is_platform or document.state != DocumentState.PUBLISHED:
        raise ValidationError(_("Chỉ thu hồi được văn bản đã phát hành."), code="not_published")
    assert document.unit is not None
    _require(actor, LIBRARY_PUBLISH, document.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do thu hồi văn bản."), code="no_reason")
    document.state = DocumentState.WITHDRAWN
    document.withdrawn_reason = reason[:500]
    document.withdrawn_at = now or timezone.now()
    document.save(update_fields=["state", "withdrawn_reason", "withdrawn_at", "updated_at"])
    audit_record(
        actor=actor,
        action="library.document_withdrawn",
        target=document,
        unit=document.unit,
        changes={"reason": reason},
    )
    return document


@transaction.atomic
def attachment_add(*, document: Document, actor: User, upload: UploadedFile, title: str = "") -> Attachment:
    document = _locked(document)
    if document.is_platform or document.state == DocumentState.WITHDRAWN:
        raise ValidationError(_("Văn bản đã thu hồi, không thể đính kèm tệp."), code="closed")
    assert document.unit is not None
    _require(actor, LIBRARY_EDIT, document.unit)
    position = document.attachments.count()
    if position >= MAX_ATTACHMENTS:
        raise ValidationError(_("Mỗi văn bản đính kèm tối đa %(n)s tệp.") % {"n": MAX_ATTACHMENTS}, code="too_many")
    checked = check_upload(upload)
    quota_check(current_schema(), "storage", checked.size)  # the plan's file size and storage (ADR 0034)
    stored = STORE.save(ext=checked.ext, source=upload)
    try:
        attachment = Attachment.objects.create(
            document=document,
            title=(title.strip() or checked.name.rsplit(".", 1)[0])[:200],
            original_name=checked.name,
            stored_name=stored,
            content_type=checked.content_type,
            size=checked.size,
            position=position,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="library.attachment_added",
            target=document,
            unit=document.unit,
            changes={"attachment": attachment.pk, "name": checked.name, "size": checked.size},
        )
        usage_record(current_schema(), "storage", checked.size)
    except Exception:
        STORE.delete(stored)  # no orphan file when the row could not be written
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, actor: User) -> None:
    document = _locked(attachment.document)
    if document.is_platform or document.state != DocumentState.DRAFT:
        raise ValidationError(_("Chỉ gỡ tệp của văn bản đang là bản nháp."), code="not_draft")
    assert document.unit is not None
    _require(actor, LIBRARY_EDIT, document.unit)
    stored, name, pk = attachment.stored_name, attachment.original_name, attachment.pk
    usage_record(current_schema(), "storage", -attachment.size)
    attachment.delete()
    audit_record(
        actor=actor,
        action="library.attachment_removed",
        target=document,
        unit=document.unit,
        changes={"attachment": pk, "name": name},
    )
    path = STORE.object(stored)  # resolved now, in this tenant's area
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
