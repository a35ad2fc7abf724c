"""Sentences of notification entries in the audit log (core/audit/sentences.py)."""

from django.utils.translation import gettext_lazy as _

from core.audit.sentences import Entry, sentence
from core.notifications.models import Kind, Mode


@sentence("notifications.preferences", _("Đổi cách nhận thông báo"))
def _preferences(e: Entry) -> str:
    modes = e.changes.get("modes") or {}
    parts = [
        f"{Kind(k).label if k in Kind.values else k}: {Mode(m).label if m in Mode.values else m}"
        for k, m in sorted(modes.items())
    ]
    return f"{e.actor} đổi cách nhận thông báo ({'; '.join(parts)})."


@sentence("notifications.device_added", _("Bật thông báo đẩy trên thiết bị"))
def _device_added(e: Entry) -> str:
    return f"{e.actor} bật thông báo đẩy trên một thiết bị."


@sentence("notifications.device_removed", _("Tắt thông báo đẩy trên thiết bị"))
def _device_removed(e: Entry) -> str:
    return f"{e.actor} tắt thông báo đẩy trên {e.changes.get('count', 1)} thiết bị."
