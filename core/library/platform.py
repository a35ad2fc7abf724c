"""Mirror of the platform-wide documents inside one tenant (ADR 0009).

Runs in the current tenant's schema (a task carrying it): reads the platform's documents and this tenant's own
subscription row from the public schema — never another tenant's schema — and upserts `Document` rows with
`platform_id`, audience the whole committee, and `Attachment` rows with `shared=True` that point at the single
copy of each file in the platform directory. Idempotent: only documents whose version changed are written.
A tenant that is not (or no longer) subscribed gets its mirrors withdrawn.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit.services import audit_record
from core.library.models import Attachment, Document, DocumentState
from core.library.services import searchable
from tenants.db.schema import current_schema
from tenants.library.models import LibrarySubscription, PlatformDocument

COPIED = ("level", "kind", "number", "issued_on", "issuer", "title", "summary", "body", "state", "withdrawn_reason",
          "published_at", "withdrawn_at")  # fmt: skip


@dataclass(frozen=True)
class SyncResult:
    subscribed: bool
    written: int
    withdrawn: int


def _mirror(source: PlatformDocument, target: Document | None) -> Document:
    document = target or Document(platform_id=source.pk, unit=None, audience_unit=None)
    for name in COPIED:
        setattr(document, name, getattr(source, name))
    document.platform_version = source.version
    searchable(document)
    document.save()
    files = {a.stored_name: a for a in source.attachments.all()}
    document.attachments.exclude(stored_name__in=list(files)).delete()
    have = set(document.attachments.values_list("stored_name", flat=True))
    Attachment.objects.bulk_create(
        Attachment(
            document=document, title=f.title, original_name=f.original_name, stored_name=f.stored_name, shared=True,
            content_type=f.content_type, size=f.size, position=f.position,
        )
        for name, f in files.items()
        if name not in have
    )  # fmt: skip
    audit_record(
        actor=None,
        action="library.platform_synced",
        target=document,
        changes={"platform_id": source.pk, "version": source.version, "state": source.state},
    )
    return document


@transaction.atomic
def platform_sync() -> SyncResult:
    subscribed = LibrarySubscription.objects.filter(tenant__schema_name=current_schema()).exists()
    mirrors = {d.platform_id: d for d in Document.objects.filter(platform_id__isnull=False).select_for_update()}
    if not subscribed:
        stale = [d for d in mirrors.values() if d.state == DocumentState.PUBLISHED]
        reason = _("Đảng bộ ngừng nhận văn bản dùng chung của Trung ương.")
        for document in stale:
            document.state, document.withdrawn_reason, document.withdrawn_at = (
                DocumentState.WITHDRAWN, reason, timezone.now()
            )  # fmt: skip
            document.platform_version = 0  # resubscribing copies it again
            document.save(update_fields=["state", "withdrawn_reason", "withdrawn_at", "platform_version"])
            audit_record(actor=None, action="library.platform_unsubscribed", target=document)
        return SyncResult(subscribed=False, written=0, withdrawn=len(stale))
    sources = PlatformDocument.objects.exclude(state=DocumentState.DRAFT).prefetch_related("attachments")
    written = 0
    for source in sources:
        target = mirrors.get(source.pk)
        if target is not None and target.platform_version == source.version:
            continue
        if target is None and source.state == DocumentState.WITHDRAWN:
            continue  # never received, nothing to withdraw
        _mirror(source, target)
        written += 1
    return SyncResult(subscribed=True, written=written, withdrawn=0)
