"""Sentences of the documents library's audit entries (core/audit/sentences.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, sentence
from core.library.models import Document, DocumentKind


def _documents(ids: list[int]) -> dict[int, str]:
    rows = Document.objects.filter(pk__in=ids).values_list("pk", "kind", "number", "title")
    out = {}
    for pk, kind, number, title in rows:
        heading = f"{DocumentKind(kind).label if kind in DocumentKind.values else ''} {number}".strip()
        out[pk] = f"văn bản “{heading}: {title}”" if heading else f"văn bản “{title}”"
    return out


register_names("document", _documents, target_types=("Document",))


def _name(e: Entry) -> str:
    return f" “{e.changes['name']}”" if e.changes.get("name") else ""


@sentence("library.document_created", _("Tạo văn bản"))
def _created(e: Entry) -> str:
    return f"{e.actor} tạo bản nháp {e.target}."


@sentence("library.document_updated", _("Sửa văn bản"))
def _updated(e: Entry) -> str:
    return f"{e.actor} sửa bản nháp {e.target}."


@sentence("library.document_published", _("Phát hành văn bản"))
def _published(e: Entry) -> str:
    return f"{e.actor} phát hành {e.target}."


@sentence("library.document_withdrawn", _("Thu hồi văn bản"))
def _withdrawn(e: Entry) -> str:
    reason = f", lý do: {e.changes['reason']}" if e.changes.get("reason") else ""
    return f"{e.actor} thu hồi {e.target}{reason}."


@sentence("library.attachment_added", _("Đính kèm tệp vào văn bản"))
def _attachment_added(e: Entry) -> str:
    return f"{e.actor} đính kèm tệp{_name(e)} vào {e.target}."


@sentence("library.attachment_removed", _("Gỡ tệp khỏi văn bản"))
def _attachment_removed(e: Entry) -> str:
    return f"{e.actor} gỡ tệp{_name(e)} khỏi {e.target}."


@sentence("library.platform_synced", _("Nhận văn bản dùng chung của Trung ương"))
def _platform_synced(e: Entry) -> str:
    version = f" (phiên bản {e.changes['version']})" if e.changes.get("version") else ""
    return f"{e.actor} cập nhật {e.target} từ kho văn bản dùng chung{version}."


@sentence("library.platform_unsubscribed", _("Ngừng nhận văn bản dùng chung"))
def _platform_unsubscribed(e: Entry) -> str:
    return f"{e.actor} thu hồi {e.target} vì đảng bộ ngừng nhận văn bản dùng chung."
