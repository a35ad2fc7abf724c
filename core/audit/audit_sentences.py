"""Sentences of action kinds that belong to no app of their own (core/audit/sentences.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit.sentences import Entry, sentence


@sentence("demo.generated", _("Tạo dữ liệu mẫu"))
def _demo(e: Entry) -> str:
    c = e.changes
    return (
        f"{e.actor} tạo dữ liệu mẫu: {c.get('districts', 0)} huyện, {c.get('communes', 0)} xã, "
        f"{c.get('cells', 0)} chi bộ, {c.get('members', 0)} đảng viên."
    )
