"""Audit log reads, scoped to the viewer's AUDIT_VIEW subtrees, rendered as sentences a page at a time.

Entries come newest first (by id: ids grow with time). A page is PAGE_SIZE entries fetched with one extra row to
know whether there is a next page (no count over a log of millions); `AuditLine`s carry each entry's sentence,
its actor and unit by name, all loaded by one `NameBook` (core/audit/names.py) per page.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from core.access.checks import scoped
from core.access.permissions import AUDIT_VIEW
from core.audit.models import AuditEvent
from core.audit.names import NameBook
from core.audit.sentences import SENTENCES, render
from core.org.models import OrgUnit

PAGE_SIZE = 50
EXPORT_LIMIT = 20_000  # rows of one CSV export (narrow the filters for more)


@dataclass(frozen=True)
class AuditFilters:
    unit: OrgUnit | None = None
    action: str = ""  # a registered kind (exact) or a prefix ("meeting.")
    actor: str = ""  # username
    member_id: int | None = None  # entries about this member (their target)
    day_from: dt.date | None = None
    day_to: dt.date | None = None


def audit_events(user: User | AnonymousUser | None, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    f = filters or AuditFilters()
    qs = scoped(AuditEvent.objects.all(), user, AUDIT_VIEW, "scope_path")
    if f.unit is not None:
        qs = qs.filter(scope_path__startswith=f.unit.path)
    if f.action:
        qs = qs.filter(action=f.action) if f.action in SENTENCES else qs.filter(action__startswith=f.action)
    if f.actor:
        qs = qs.filter(actor__username=f.actor)
    if f.member_id is not None:
        qs = qs.filter(target_type="Member", target_id=str(f.member_id))
    if f.day_from:
        qs = qs.filter(created_at__date__gte=f.day_from)
    if f.day_to:
        qs = qs.filter(created_at__date__lte=f.day_to)
    return qs.order_by("-pk")


@dataclass(frozen=True)
class AuditLine:
    event: AuditEvent
    sentence: str
    actor: str  # "Bí thư Nguyễn Văn A" / "Hệ thống"
    on_behalf_of: str
    kind: str  # the kind's label
    unit: str  # the unit the entry concerns, by name ("" = tenant-wide)


def audit_lines(events: Iterable[AuditEvent]) -> list[AuditLine]:
    events = list(events)
    book = NameBook(events)
    lines = []
    for event in events:
        kind = SENTENCES.get(event.action)
        scope_ids = [part for part in event.scope_path.split(".") if part]
        lines.append(
            AuditLine(
                event=event,
                sentence=render(event, book),
                actor=book.actor(event),
                on_behalf_of=book.user_name(event.on_behalf_of_id) if event.on_behalf_of_id else "",
                kind=str(kind.label) if kind else event.action,
                unit=book.name("unit", scope_ids[-1]) if scope_ids else "",
            )
        )
    return lines


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def audit_page(qs: QuerySet[AuditEvent], number: int, size: int = PAGE_SIZE) -> AuditPage:
    """Page `number` (1-based) of `qs`: two queries for the rows, a handful for the names."""
    offset = (max(number, 1) - 1) * size
    rows = list(qs[offset : offset + size + 1])
    return AuditPage(lines=audit_lines(rows[:size]), number=max(number, 1), has_next=len(rows) > size)


def audit_export_lines(qs: QuerySet[AuditEvent], limit: int = EXPORT_LIMIT, chunk: int = 1000) -> Iterable[AuditLine]:
    """Up to `limit` lines of `qs`, rendered a chunk at a time (one NameBook per chunk)."""
    last_pk: int | None = None
    done = 0
    while done < limit:
        batch_qs = qs if last_pk is None else qs.filter(pk__lt=last_pk)
        batch = list(batch_qs[: min(chunk, limit - done)])
        if not batch:
            return
        yield from audit_lines(batch)
        done += len(batch)
        last_pk = batch[-1].pk
