"""Reads of the assistant: its index (built once per knowledge-base version, kept per process and schema), the
entries a manager sees, the most asked and the unanswered questions, and documents of the library that match."""

import threading
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

from core.access.checks import scope_q
from core.access.permissions import ASSISTANT_MANAGE
from core.assistant.matcher import STOP, Hit, Index, syllables
from core.assistant.models import Entry, Question
from core.content.audience import reader_for
from core.content.search import ranked_search
from core.library.models import Document
from core.library.selectors import published_for

_CACHE: dict[str, tuple[tuple[object, ...], Index]] = {}
_LOCK = threading.Lock()
DOCUMENTS = 3


def _version() -> tuple[object, ...]:
    agg = Entry.objects.filter(active=True).aggregate(n=Count("pk"), at=Max("updated_at"), top=Max("pk"))
    return (agg["n"], agg["at"], agg["top"])


def assistant_index() -> Index:
    """The current schema's index; rebuilt when an entry was added, changed or switched off (one short query)."""
    schema, version = str(getattr(connection, "schema_name", "")), _version()
    cached = _CACHE.get(schema)
    if cached is not None and cached[0] == version:
        return cached[1]
    rows = Entry.objects.filter(active=True).values_list("pk", "question", "variants", "answer")
    index = Index.build((pk, [q, *v.splitlines()], a) for pk, q, v, a in rows)
    with _LOCK:
        _CACHE[schema] = (version, index)
    return index


@dataclass
class Answer:
    hits: list[Hit]
    entries: list[Entry]
    documents: list[Document]

    @property
    def answered(self) -> bool:
        return bool(self.hits) and self.hits[0].confident


def answer_for(user: User | AnonymousUser, question: str, *, limit: int = 3) -> Answer:
    hits = assistant_index().search(question, limit=limit)
    by_id = Entry.objects.in_bulk([h.entry_id for h in hits])
    hits = [h for h in hits if h.entry_id in by_id]
    return Answer(hits=hits, entries=[by_id[h.entry_id] for h in hits], documents=documents_for(user, question))


def documents_for(user: User | AnonymousUser, question: str) -> list[Document]:
    """Library documents the member may read that contain the question's meaningful words (the library's own
    bounded search; every word must match, so at most the three rarest are used)."""
    words = [w for w in syllables(question) if w not in STOP and len(w) > 1]
    if not words:
        return []
    index = assistant_index()
    words = sorted(words, key=lambda w: index.vocab.get(w, 0))[:3]
    qs = published_for(reader_for(user)).only("pk", "title", "number", "kind", "published_at")
    ranked = ranked_search(qs, " ".join(words), then=("-published_at", "-pk"), recent=("-published_at", "-pk"))
    return list(ranked[:DOCUMENTS]) if ranked is not qs else []


def manages_whole_tenant(user: User | AnonymousUser) -> bool:
    """ASSISTANT_MANAGE over the root of the tree (tenant administrators, superusers)."""
    from core.access.checks import has_perm_on
    from core.org.models import OrgKind, OrgUnit

    root = OrgUnit.objects.filter(kind=OrgKind.ROOT).order_by("pk").first()
    return root is not None and has_perm_on(user, ASSISTANT_MANAGE, root)


def managed_entries(user: User | AnonymousUser) -> QuerySet[Entry]:
    """Entries a manager may edit: their units' entries and the common base (switch on/off)."""
    return Entry.objects.filter(scope_q(user, ASSISTANT_MANAGE, "unit__path") | _common_or_unowned(user))


def _common_or_unowned(user: User | AnonymousUser) -> Q:
    return Q(unit__isnull=True) if manages_whole_tenant(user) else Q(pk__in=[])


def questions_in_scope(user: User | AnonymousUser) -> QuerySet[Question]:
    """Questions asked by members of the manager's subtree (and, for a whole-tenant manager, by anyone)."""
    if manages_whole_tenant(user):
        return Question.objects.all()
    return Question.objects.filter(scope_q(user, ASSISTANT_MANAGE, "cell__path"))


def most_asked(user: User | AnonymousUser, limit: int = 10) -> list[dict[str, Any]]:
    rows = (
        questions_in_scope(user)
        .values("folded")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by("-n", "-last")[:limit]
    )
    return [dict(row) for row in rows]


def unanswered(user: User | AnonymousUser, limit: int = 50) -> QuerySet[Question]:
    return questions_in_scope(user).filter(answered=False, resolved_by__isnull=True).order_by("-created_at")[:limit]
