"""Members' reads of articles: the first read is recorded (core.content.reads), later ones change nothing."""

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from core.content.audience import reader_for
from core.content.reads import read_mark
from core.news.models import Article, ArticleRead, ArticleUnitReads


@transaction.atomic
def article_mark_read(*, article: Article, user: User, now: dt.datetime | None = None) -> bool:
    """Record that `user` read `article` (the caller has checked they may see it); True on the first read.
    Not audited: reading changes nothing shared; the per-unit counters are what leaders see."""
    return read_mark(
        mark_model=ArticleRead, count_model=ArticleUnitReads, item=article, reader=reader_for(user), now=now
    )
