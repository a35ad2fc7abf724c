"""Reads of the news for members: the feed (their units and every unit above them, newest first, with unread
markers), one article, unread counts and the home card. Audience through core.content.audience, search through
core.content.search; every list is a constant number of queries whatever the tenant's size."""

import datetime as dt
import heapq
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import SearchQuery
from django.db.models import BooleanField, Exists, F, Func, OuterRef, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from core.content.audience import Reader, reader_for, visible
from core.content.models import SEARCH_CONFIG
from core.content.reads import read_ids
from core.content.search import WINDOW as SEARCH_WINDOW
from core.content.search import is_search, ranked_search, search_terms, tsquery_text
from core.news.models import Article, ArticleCategory, ArticleRead, ArticleState

UNREAD_WINDOW = dt.timedelta(days=30)  # the unread count covers the last 30 days of news
UNREAD_CAP = 99  # counted up to 100 rows: "99+" beyond (a new member may have thousands unread)
HOME_ITEMS = 3


def published_for(user: User | AnonymousUser | None) -> QuerySet[Article]:
    """Published articles whose audience contains the user (nothing for anonymous users)."""
    return visible(Article.objects.filter(state=ArticleState.PUBLISHED), reader_for(user))


def news_feed(
    user: User | AnonymousUser | None,
    *,
    category: str = "",
    query: str = "",
    offset: int = 0,
    limit: int = 20,
) -> list[Article]:
    """A page of the user's news, newest first (best first when searching); each article carries `is_read`."""
    qs = published_for(user).select_related("board__unit", "audience_unit")
    if category in ArticleCategory.values:
        qs = qs.filter(category=category)
    if is_search(query):
        qs = ranked_search(qs, query, then=NEWEST, recent=NEWEST, candidates=_matching_visible(qs, user, query))
    else:
        qs = qs.order_by("-published_at", "-pk")
    articles = list(qs[offset : offset + limit])
    return with_read_marks(user, articles)


NEWEST = ("-published_at", "-pk")


def _matching_visible(qs: QuerySet[Article], user: User | AnonymousUser | None, query: str) -> list[int] | None:
    """For a member, the newest SEARCH_WINDOW of *their* articles that match, checked row by row (`ts_match_vq`,
    which the planner cannot turn into a GIN scan): a member sees a few thousand articles of the tenant's
    hundred thousand, and common words ("chi bộ", "đảng viên") match most of them, so scanning the tenant-wide
    GIN posting list costs more than checking the member's own rows. Readers who see everything keep the GIN path
    (None: ranked_search finds the candidates itself)."""
    if reader_for(user).sees_all:
        return None
    tsquery = SearchQuery(tsquery_text(search_terms(query)), search_type="raw", config=Value(SEARCH_CONFIG))
    hit = Func(F("search_vector"), tsquery, function="ts_match_vq", output_field=BooleanField())
    # No ORDER BY/LIMIT here: with one the planner walks the tenant's recency index row by row; without, it takes
    # the member's rows through the audience index. The newest are kept in Python.
    rows = qs.alias(hit=hit).filter(hit=True).order_by().values_list("published_at", "pk")
    return [pk for _, pk in heapq.nlargest(SEARCH_WINDOW, rows)]


def with_read_marks(user: User | AnonymousUser | None, articles: list[Article]) -> list[Article]:
    """Sets `is_read` on each article (one query)."""
    read = read_ids(
        ArticleRead, user.pk if user is not None and user.is_authenticated else None, [a.pk for a in articles]
    )
    for article in articles:
        article.is_read = article.pk in read  # type: ignore[attr-defined]
    return articles


def article_for_reader(user: User | AnonymousUser | None, article_id: int | str) -> Article:
    """A published article the user may read; Http404 alike for missing, unpublished and out-of-audience ids."""
    try:
        return published_for(user).select_related("board__unit", "audience_unit", "feed").get(pk=article_id)
    except (Article.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unread_count(user: User | AnonymousUser | None, now: dt.datetime | None = None) -> int:
    """Published articles of the last 30 days in the user's audience that they have not opened, counted up to
    UNREAD_CAP + 1 (one query; show "99+" beyond)."""
    if user is None or not user.is_authenticated:
        return 0
    since = (now or timezone.now()) - UNREAD_WINDOW
    read = ArticleRead.objects.filter(item=OuterRef("pk"), user_id=user.pk)
    unread = published_for(user).filter(published_at__gte=since).exclude(Exists(read)).order_by()
    return unread[: UNREAD_CAP + 1].count()


CARD_DEFERRED = ("body_html", "last_comment", "search_title", "search_summary", "search_body", "search_vector")


@dataclass(frozen=True)
class NewsCard:
    latest: list[Article]  # with `is_read`
    unread: int


def news_card(user: User | AnonymousUser | None, now: dt.datetime | None = None) -> NewsCard:
    """The home card: the latest articles with their read marks, and the unread count (two queries after the reader)."""
    user_id: int = user.pk if user is not None and user.is_authenticated else 0  # 0: nobody, nothing read
    read = ArticleRead.objects.filter(item=OuterRef("pk"), user_id=user_id)
    # The card shows titles only: the body and the search columns (the largest of the row) are not fetched.
    latest = published_for(user).select_related("board__unit").defer(*CARD_DEFERRED).annotate(is_read=Exists(read))
    return NewsCard(latest=list(latest.order_by("-published_at", "-pk")[:HOME_ITEMS]), unread=unread_count(user, now))


def news_home_card(user: User, reader: Reader) -> dict[str, object]:
    """Provider of the home's "Tin tức / Thông báo" card (core.home.cards): two queries, whatever the news."""
    card = news_card(user)
    return {"latest": card.latest, "unread": card.unread, "cap": UNREAD_CAP}
