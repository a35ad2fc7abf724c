"""A member's own reading state: first reads (with per-unit counters) and bookmarks. These change nothing
shared, so they are not audited (an audit row per read would be 472,869 rows per document in Hà Nội)."""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from core.content.audience import Reader
from core.content.reads import read_mark
from core.library.models import Bookmark, Document, DocumentRead, DocumentUnitReads


@transaction.atomic
def document_read(*, document: Document, reader: Reader) -> bool:
    """Mark the document read by the reader; True on their first read."""
    return read_mark(mark_model=DocumentRead, count_model=DocumentUnitReads, item=document, reader=reader)


def bookmark_set(*, document: Document, user: User, on: bool) -> bool:
    """Add or remove a bookmark; returns whether the document is bookmarked afterwards."""
    if not on:
        Bookmark.objects.filter(document=document, user=user).delete()
        return False
    try:
        with transaction.atomic():
            Bookmark.objects.get_or_create(document=document, user=user)
    except IntegrityError:  # a double click raced us: it is bookmarked either way
        pass
    return True
