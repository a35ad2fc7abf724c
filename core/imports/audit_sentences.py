"""Sentences of file imports in the audit log (core/audit/sentences.py): one entry per import."""

from django.utils.translation import gettext_lazy as _

from core.audit.sentences import Entry, Renderer, sentence

WHAT = {"org": "cây tổ chức", "members": "danh sách đảng viên", "committee": "danh sách cấp ủy viên"}


def _render(kind: str) -> Renderer:
    def render(e: Entry) -> str:
        c = e.changes
        counts = f"{c.get('inserted', 0)} thêm, {c.get('updated', 0)} cập nhật, {c.get('rejected', 0)} dòng bị loại"
        return f"{e.actor} nhập {WHAT[kind]} từ tệp “{c.get('file', '')}”: {counts}."

    return render


sentence("imports.org", _("Nhập cây tổ chức"))(_render("org"))
sentence("imports.members", _("Nhập danh sách đảng viên"))(_render("members"))
sentence("imports.committee", _("Nhập danh sách cấp ủy viên"))(_render("committee"))
