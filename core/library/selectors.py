"""Library reads for members (audience-scoped, constant queries) and for those who manage documents.

Public interface (used by the home, the API and later study/assistant features):
- `published_for(reader)`: every published document the reader's audience contains (a QuerySet);
- `library_page(reader, filters, offset)`: a page of the list or of a search, with read and new markers;
- `latest_for(reader, limit)` / `new_count(reader, since)`: the home's card;
- `document_for_reader(reader, pk)` / `attachment_for_reader(reader, pk, attachment_pk)`: None alike for
  missing, unpublished and outside the audience (the caller answers 404);
- `managed_documents(user)`: the documents of the units where the user holds LIBRARY_EDIT;
- `read_rates(document, parent)`: per child unit, members who read it / members it reaches.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from core.access.checks import scoped
from core.access.permissions import LIBRARY_EDIT
from core.content.audience import Reader, audience_members, visible
from core.content.reads import read_ids
from core.content.search import ranked_search
from core.library.models import Attachment, Bookmark, Document, DocumentRead, DocumentState, DocumentUnitReads
from core.org.models import OrgUnit

PAGE_SIZE = 20
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
NEW_CAP = 99  # the home shows "99+" beyond this: counting stops there, whatever the library's size
LIST_FIELDS = (
    "id", "unit_id", "audience_unit_id", "level", "kind", "number", "issued_on", "issuer", "title", "summary",
    "state", "published_at", "platform_id",
)  # fmt: skip


@dataclass(frozen=True)
class Filters:
    q: str = ""
    level: str = ""
    kind: str = ""
    year: int | None = None
    bookmarked: bool = False


@dataclass
class LibraryPage:
    items: list[Document]
    has_more: bool
    offset: int
    read: set[int] = field(default_factory=set)
    bookmarked: set[int] = field(default_factory=set)
    new_since: dt.datetime | None = None
    searched: bool = False

    @property
    def new(self) -> set[int]:
        """Ids of the page's documents published since the reader's previous visit (all on a first visit)."""
        return {
            d.pk
            for d in self.items
            if d.published_at is not None and (self.new_since is None or d.published_at > self.new_since)
        }


def published_for(reader: Reader) -> QuerySet[Document]:
    return visible(Document.objects.filter(state=DocumentState.PUBLISHED), reader)


def _filtered(reader: Reader, filters: Filters) -> QuerySet[Document]:
    qs = published_for(reader).only(*LIST_FIELDS)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(Q(issued_on__year=filters.year) | Q(issued_on__isnull=True, published_at__year=filters.year))
    if filters.bookmarked:
        qs = qs.filter(bookmarks__user_id=reader.user_id or 0)
    return qs


def library_page(
    reader: Reader, filters: Filters, offset: int = 0, *, new_since: dt.datetime | None = None, limit: int = PAGE_SIZE
) -> LibraryPage:
    """One page of the member's library, newest first or best match first: 3 queries (page, read marks,
    bookmarks), 2 more to find a search's candidates, whatever the size of the library."""
    qs = _filtered(reader, filters)
    ranked = ranked_search(qs, filters.q, then=("-published_at", "-pk"), recent=("-published_at", "-pk"))
    searched = ranked is not qs
    if not searched:
        ranked = qs.order_by("-published_at", "-pk")
    rows = list(ranked[offset : offset + limit + 1])
    items = rows[:limit]
    ids = [d.pk for d in items]
    marked = set(
        Bookmark.objects.filter(user_id=reader.user_id, document_id__in=ids).values_list("document_id", flat=True)
    ) if ids and reader.user_id else set()  # fmt: skip
    return LibraryPage(
        items=items,
        has_more=len(rows) > limit,
        offset=offset,
        read=read_ids(DocumentRead, reader.user_id, ids),
        bookmarked=marked,
        new_since=new_since,
        searched=searched,
    )


def latest_for(reader: Reader, limit: int = 3, *, with_read: bool = False) -> list[Document]:
    """The newest published documents of the reader's audience; `with_read` annotates `is_read` (EXISTS)."""
    qs = published_for(reader).only(*LIST_FIELDS)
    if with_read:
        qs = qs.annotate(is_read=Exists(DocumentRead.objects.filter(item=OuterRef("pk"), user_id=reader.user_id or 0)))
    return list(qs.order_by("-published_at", "-pk")[:limit])


def new_count(reader: Reader, since: dt.datetime | Subquery | None) -> int:
    """Published documents of the reader's audience since `since` (a time, a subquery giving one, or None for
    all; a subquery yielding NULL counts all too), counted up to NEW_CAP + 1."""
    qs = published_for(reader)
    if isinstance(since, Subquery):
        qs = qs.filter(published_at__gt=Coalesce(since, Value(EPOCH)))
    elif since is not None:
        qs = qs.filter(published_at__gt=since)
    return qs.values("pk")[: NEW_CAP + 1].count()


def document_for_reader(reader: Reader, pk: int | str) -> Document | None:
    try:
        return (
            published_for(reader)
            .select_related("unit", "audience_unit")
            .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("position", "pk")))
            .get(pk=pk)
        )
    except (Document.DoesNotExist, ValueError, TypeError):
        return None


def attachment_for_reader(reader: Reader, pk: int | str, attachment_pk: int | str) -> Attachment | None:
    """The attachment if its document is published, in the reader's audience and really holds it."""
    try:
        return Attachment.objects.select_related("document").get(
            pk=attachment_pk, document__in=published_for(reader).filter(pk=pk).values("pk")
        )
    except (Attachment.DoesNotExist, ValueError, TypeError):
        return None


def is_bookmarked(user_id: int | None, document: Document) -> bool:
    return user_id is not None and Bookmark.objects.filter(user_id=user_id, document=document).exists()


def managed_documents(user: User | AnonymousUser) -> QuerySet[Document]:
    """Tenant documents of the units where the user may edit the library (platform documents excluded)."""
    return scoped(
        Document.objects.filter(platform_id__isnull=True).select_related("unit", "audience_unit"),
        user,
        LIBRARY_EDIT,
        "unit__path",
    )


@dataclass(frozen=True)
class UnitRate:
    unit: OrgUnit
    reads: int
    members: int

    @property
    def percent(self) -> int:
        return round(100 * self.reads / self.members) if self.members else 0


def read_rates(document: Document, parent: OrgUnit | None) -> tuple[UnitRate | None, list[UnitRate]]:
    """The read rate of `parent` (the audience unit, or the root) and of each of its open children that the
    document reaches: pre-aggregated reads (DocumentUnitReads) over live member counts (3 queries)."""
    if parent is None:
        return None, []
    children = list(parent.children.filter(valid_to__isnull=True).order_by("code"))
    units = [parent, *children]
    reads = dict(DocumentUnitReads.objects.filter(item=document, unit__in=units).values_list("unit_id", "reads"))
    per_cell = audience_members(parent).values("cell__path").annotate(n=Count("pk")).values_list("cell__path", "n")
    totals: dict[str, int] = {}
    prefix_len = len(parent.path)
    whole = 0
    for path, n in per_cell:
        whole += n
        if len(path) > prefix_len:
            child = path[: path.index(".", prefix_len) + 1]
            totals[child] = totals.get(child, 0) + n
    head = UnitRate(unit=parent, reads=reads.get(parent.pk, 0), members=whole)
    return head, [UnitRate(unit=c, reads=reads.get(c.pk, 0), members=totals.get(c.path, 0)) for c in children]
