"""Operators' writes on platform-wide documents and subscriptions (public schema), each with a platform audit
row; after commit, the subscribing tenants are asked to sync (a task per tenant, carrying its schema)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.content.storage import PLATFORM, PrivateStore
from core.content.uploads import check_upload
from core.library.models import DocumentState
from tenants.audit import record_platform_event
from tenants.library.models import LibrarySubscription, PlatformAttachment, PlatformDocument
from tenants.models import Tenant, TenantStatus

STORE = PrivateStore("library")
SYNC_TASK = "core.library.tasks.platform_sync"
FIELDS = ("level", "kind", "number", "issued_on", "issuer", "title", "summary", "body")


def _fan_out(schemas: list[str] | None = None) -> None:
    """After commit: a sync task in each subscribing ready tenant (or in `schemas`)."""
    from config.celery import app

    def send() -> None:
        targets = schemas
        if targets is None:
            targets = list(
                LibrarySubscription.objects.filter(tenant__status=TenantStatus.READY).values_list(
                    "tenant__schema_name", flat=True
                )
            )
        for schema in targets:
            app.send_task(SYNC_TASK, headers={"_schema_name": schema})

    transaction.on_commit(send)


def _locked(document: PlatformDocument) -> PlatformDocument:
    return PlatformDocument.objects.select_for_update().get(pk=document.pk)


@transaction.atomic
def platform_document_save(*, actor: str, document: PlatformDocument | None = None, **values: Any) -> PlatformDocument:
    """Create a draft, or correct a draft or a published document (subscribers receive the correction)."""
    cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in FIELDS}
    if not cleaned.get("title", "x"):
        raise ValidationError(_("Cần nhập trích yếu (tên) của văn bản."), code="no_title")
    if document is None:
        document = PlatformDocument.objects.create(created_by=actor, **cleaned)
        action = "platform_library.document_created"
    else:
        document = _locked(document)
        if document.state == DocumentState.WITHDRAWN:
            raise ValidationError(_("Văn bản đã thu hồi, không sửa được."), code="withdrawn")
        for name, value in cleaned.items():
            setattr(document, name, value)
        document.version = F("version") + 1
        document.save()
        document.refresh_from_db()
        action = "platform_library.document_updated"
        if document.state == DocumentState.PUBLISHED:
            _fan_out()
    record_platform_event(actor=actor, action=action, changes={"document": document.pk, "number": document.number})
    return document


@transaction.atomic
def platform_document_publish(*, actor: str, document: PlatformDocument) -> PlatformDocument:
    document = _locked(document)
    if document.state != DocumentState.DRAFT:
        raise ValidationError(_("Văn bản này không còn là bản nháp."), code="not_draft")
    document.state = DocumentState.PUBLISHED
    document.published_at = timezone.now()
    document.version += 1
    document.save()
    record_platform_event(actor=actor, action="platform_library.document_published", changes={"document": document.pk})
    _fan_out()
    return document


@transaction.atomic
def platform_document_withdraw(*, actor: str, document: PlatformDocument, reason: str) -> PlatformDocument:
    document = _locked(document)
    if document.state != DocumentState.PUBLISHED:
        raise ValidationError(_("Chỉ thu hồi được văn bản đã phát hành."), code="not_published")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do thu hồi văn bản."), code="no_reason")
    document.state = DocumentState.WITHDRAWN
    document.withdrawn_reason = reason[:500]
    document.withdrawn_at = timezone.now()
    document.version += 1
    document.save()
    record_platform_event(
        actor=actor, action="platform_library.document_withdrawn", changes={"document": document.pk, "reason": reason}
    )
    _fan_out()
    return document


@transaction.atomic
def platform_attachment_add(
    *, actor: str, document: PlatformDocument, upload: UploadedFile, title: str = ""
) -> PlatformAttachment:
    """Files are added while the document is a draft: a published file is shared by every tenant."""
    document = _locked(document)
    if document.state != DocumentState.DRAFT:
        raise ValidationError(_("Chỉ đính kèm tệp khi văn bản còn là bản nháp."), code="not_draft")
    checked = check_upload(upload)
    stored = STORE.save(ext=checked.ext, source=upload, owner=PLATFORM)
    try:
        attachment = PlatformAttachment.objects.create(
            document=document,
            title=(title.strip() or checked.name.rsplit(".", 1)[0])[:200],
            original_name=checked.name,
            stored_name=stored,
            content_type=checked.content_type,
            size=checked.size,
            position=document.attachments.count(),
        )
        record_platform_event(
            actor=actor,
            action="platform_library.attachment_added",
            changes={"document": document.pk, "name": checked.name, "size": checked.size},
        )
    except Exception:
        STORE.delete(stored, PLATFORM)
        raise
    return attachment


@transaction.atomic
def library_subscribe(*, actor: str, tenant: Tenant, on: bool) -> bool:
    """Start or stop a tenant's subscription; its library syncs right after (mirrors withdrawn when stopped)."""
    if on:
        _row, changed = LibrarySubscription.objects.get_or_create(tenant=tenant, defaults={"by": actor})
    else:
        changed = bool(LibrarySubscription.objects.filter(tenant=tenant).delete()[0])
    if changed:
        record_platform_event(
            actor=actor,
            action="platform_library.subscription_" + ("started" if on else "stopped"),
            tenant_slug=tenant.slug,
        )
        if tenant.status == TenantStatus.READY:
            _fan_out([tenant.schema_name])
    return on
