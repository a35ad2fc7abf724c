"""Sentences of the assistant's entries in the audit log (core/audit/sentences.py)."""

from django.utils.translation import gettext_lazy as _

from core.assistant.models import Entry
from core.audit.names import register_names
from core.audit.sentences import Entry as LogEntry
from core.audit.sentences import sentence

register_names(
    "assistant_entry",
    lambda ids: {pk: f"câu hỏi “{q}”" for pk, q in Entry.objects.filter(pk__in=ids).values_list("pk", "question")},
    target_types=("Entry",),
)


@sentence("assistant.entry_added", _("Thêm câu hỏi cho trợ lý ảo"))
def _added(e: LogEntry) -> str:
    return f"{e.actor} thêm vào trợ lý ảo {e.target}."


@sentence("assistant.entry_changed", _("Sửa câu hỏi của trợ lý ảo"))
def _changed(e: LogEntry) -> str:
    return f"{e.actor} sửa {e.target} của trợ lý ảo."
