"""Audit rows for public-schema writes (tenants, domains, console actions)."""

from typing import Any

from config.observability import request_id_var
from tenants.models import PlatformAuditEvent


def record_platform_event(
    *, actor: str, action: str, tenant_slug: str = "", changes: dict[str, Any] | None = None
) -> PlatformAuditEvent:
    rid = request_id_var.get()
    return PlatformAuditEvent.objects.create(
        actor=actor or "system",
        action=action,
        tenant_slug=tenant_slug,
        changes=changes or {},
        request_id="" if rid == "-" else rid,
    )
