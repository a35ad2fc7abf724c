"""Sentences of role grants in the audit log (core/audit/sentences.py)."""

from django.utils.translation import gettext_lazy as _

from core.access.models import Role
from core.audit.sentences import Entry, label, sentence


@sentence("role.granted", _("Giao vai trò"))
def _granted(e: Entry) -> str:
    role = label(Role, e.changes.get("role"))
    return f"{e.actor} giao vai trò “{role}” tại {e.changes.get('unit', '')} cho tài khoản {e.changes.get('user', '')}."


@sentence("role.revoked", _("Thu hồi vai trò"))
def _revoked(e: Entry) -> str:
    role = label(Role, e.changes.get("role"))
    return (
        f"{e.actor} thu hồi vai trò “{role}” tại {e.changes.get('unit', '')} của tài khoản {e.changes.get('user', '')}."
    )
