"""audit_record: the one way write services leave a trace.

Values of sensitive member fields (core/members/sensitive.py: citizen ID, …) are replaced by a mask before the
row is written, wherever they sit in `changes`: no audit row, page, admin list or export can leak them
(docs/adr/0012-sensitive-fields.md).
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User

from config.observability import request_id_var
from core.audit.models import AuditEvent
from core.members.sensitive import redact


def audit_record(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: Any = None,
    changes: dict[str, Any] | None = None,
    on_behalf_of: User | None = None,
    unit: Any = None,
) -> AuditEvent:
    rid = request_id_var.get()
    return AuditEvent.objects.create(
        actor=actor if isinstance(actor, User) else None,
        on_behalf_of=on_behalf_of,
        action=action,
        target_type=type(target).__name__ if target is not None else "",
        target_id=str(getattr(target, "pk", "") or "") if target is not None else "",
        changes=redact(changes or {}),
        request_id="" if rid == "-" else rid,
        scope_path=getattr(unit, "path", "") or "",
    )
