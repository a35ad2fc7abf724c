"""Audit log reads, scoped to the viewer's AUDIT_VIEW subtrees."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from core.access.checks import scoped
from core.access.permissions import AUDIT_VIEW
from core.audit.models import AuditEvent
from core.org.models import OrgUnit


def audit_events(
    user: User | AnonymousUser | None,
    *,
    unit: OrgUnit | None = None,
    action: str = "",
    actor: str = "",
    day_from: dt.date | None = None,
    day_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    qs = scoped(AuditEvent.objects.select_related("actor", "on_behalf_of"), user, AUDIT_VIEW, "scope_path")
    if unit is not None:
        qs = qs.filter(scope_path__startswith=unit.path)
    if action:
        qs = qs.filter(action__startswith=action)
    if actor:
        qs = qs.filter(actor__username=actor)
    if day_from:
        qs = qs.filter(created_at__date__gte=day_from)
    if day_to:
        qs = qs.filter(created_at__date__lte=day_to)
    return qs.order_by("-created_at", "-pk")
