"""External feeds of a board: add, change, pause (news.manage over the board's unit), and the import itself.

`feed_fetch` is the task's body: it never raises for anything a feed can do (timeouts, garbage, HTML, refusals,
server errors): the failure is recorded on the feed (last error, consecutive failures) and the next attempt is
pushed back exponentially (FETCH_INTERVAL × 2^failures, at most MAX_BACKOFF). New items are de-duplicated by
GUID and by link against everything already imported from the feed, so a re-import adds nothing.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access.checks import has_perm_on
from core.access.permissions import NEWS_MANAGE
from core.audit.services import audit_record
from core.content.search import search_columns
from core.news.feed_parsing import FeedItem, FeedProblem, parse_feed
from core.news.fetching import FetchError, fetch, literal_refused
from core.news.models import (
    Article,
    ArticleCategory,
    ArticleEvent,
    ArticleEventKind,
    ArticleSource,
    ArticleState,
    EditorialBoard,
    Feed,
)
from core.org.models import OrgUnit

log = logging.getLogger(__name__)
FETCH_INTERVAL = dt.timedelta(minutes=30)
MAX_BACKOFF = dt.timedelta(hours=24)
LEASE = dt.timedelta(minutes=15)  # a claimed feed is not handed out again meanwhile


def _check_url(url: str) -> str:
    url = url.strip()
    problem = literal_refused(url)
    if problem:
        raise ValidationError({"url": ValidationError(problem, code="refused")})
    return url


@transaction.atomic
def feed_add(*, board: EditorialBoard, url: str, title: str, actor: User) -> Feed:
    if not has_perm_on(actor, NEWS_MANAGE, board.unit):
        raise PermissionDenied
    url = _check_url(url)
    if Feed.objects.filter(board=board, url=url).exists():
        raise ValidationError({"url": ValidationError(_("Ban biên tập đã có nguồn tin này."), code="duplicate")})
    feed = Feed.objects.create(board=board, url=url, title=" ".join(title.split())[:200], created_by=actor)
    audit_record(actor=actor, action="news.feed_added", target=feed, unit=board.unit, changes={"url": url})
    return feed


@transaction.atomic
def feed_update(*, feed: Feed, actor: User, url: str | None = None, title: str | None = None,
                active: bool | None = None) -> Feed:  # fmt: skip
    feed = Feed.objects.select_for_update().select_related("board__unit").get(pk=feed.pk)
    if not has_perm_on(actor, NEWS_MANAGE, feed.board.unit):
        raise PermissionDenied
    changes: dict[str, object] = {}
    if url is not None and url.strip() != feed.url:
        url = _check_url(url)
        if Feed.objects.filter(board=feed.board, url=url).exclude(pk=feed.pk).exists():
            raise ValidationError({"url": ValidationError(_("Ban biên tập đã có nguồn tin này."), code="duplicate")})
        changes["url"] = [feed.url, url]
        feed.url, feed.etag, feed.last_modified = url, "", ""
    if title is not None and " ".join(title.split()) != feed.title:
        changes["title"] = [feed.title, " ".join(title.split())[:200]]
        feed.title = changes["title"][1]  # type: ignore[index]
    if active is not None and active != feed.active:
        changes["active"] = [feed.active, active]
        feed.active = active
        if active:  # resuming: try again now, forgetting the back-off
            feed.next_fetch_at, feed.failure_count = None, 0
    if changes:
        feed.save()
        audit_record(actor=actor, action="news.feed_updated", target=feed, unit=feed.board.unit, changes=changes)
    return feed


def feeds_claim_due(*, now: dt.datetime | None = None) -> list[int]:
    """Active feeds due for a fetch, leased for LEASE so the next beat does not hand them out twice."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now), active=True)
            .values_list("pk", flat=True)
        )
        Feed.objects.filter(pk__in=ids).update(next_fetch_at=now + LEASE)
    return ids


@dataclass(frozen=True)
class FetchOutcome:
    ok: bool
    new_items: int = 0
    error: str = ""


def backoff(failures: int) -> dt.timedelta:
    return min(FETCH_INTERVAL * (2 ** min(failures, 10)), MAX_BACKOFF)


def feed_fetch(*, feed_id: int, now: dt.datetime | None = None) -> FetchOutcome:
    """Fetch and import one feed; every failure is recorded on the feed, nothing is raised."""
    feed = Feed.objects.select_related("board__unit").filter(pk=feed_id).first()
    if feed is None:
        return FetchOutcome(ok=False, error="missing")
    try:
        fetched = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.status == 304:
            new = 0
        else:
            new = feed_import_document(feed=feed, content=fetched.content, content_type=fetched.content_type, now=now)
    except (FetchError, FeedProblem) as exc:
        return _failed(feed, exc.message, now)
    except Exception as exc:  # a feed must never crash the worker: record it and move on
        log.exception("feed %s: unexpected failure", feed_id)
        return _failed(feed, _("Lỗi không xác định khi đọc nguồn tin (%(kind)s).") % {"kind": type(exc).__name__}, now)
    moment = now or timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        last_fetched_at=moment,
        last_success_at=moment,
        last_error="",
        failure_count=0,
        next_fetch_at=moment + FETCH_INTERVAL,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
    )
    return FetchOutcome(ok=True, new_items=new)


def _failed(feed: Feed, message: str, now: dt.datetime | None) -> FetchOutcome:
    moment = now or timezone.now()
    failures = feed.failure_count + 1
    Feed.objects.filter(pk=feed.pk).update(
        last_fetched_at=moment,
        last_error=message[:1000],
        failure_count=F("failure_count") + 1,
        next_fetch_at=moment + backoff(failures),
    )
    return FetchOutcome(ok=False, error=message)


@transaction.atomic
def feed_import_document(*, feed: Feed, content: bytes, content_type: str = "", now: dt.datetime | None = None) -> int:
    """Import a fetched (or local) RSS/Atom document into the feed's board; returns how many items were new.
    FeedProblem for HTML or garbage. The feed row is locked so two imports of one feed never interleave."""
    now = now or timezone.now()
    feed = Feed.objects.select_for_update().select_related("board__unit").get(pk=feed.pk)
    parsed = parse_feed(content, content_type, now)
    fresh = _unseen(feed, parsed.items)
    audience = None if feed.board.unit.parent_id is None else feed.board.unit
    source = feed.title or parsed.title or feed.url
    articles = Article.objects.bulk_create([_article(feed, item, audience, source) for item in fresh], batch_size=500)
    ArticleEvent.objects.bulk_create(
        [ArticleEvent(article=a, kind=ArticleEventKind.IMPORTED, at=now, comment=source) for a in articles],
        batch_size=1000,
    )
    if not feed.title and parsed.title:
        Feed.objects.filter(pk=feed.pk).update(title=parsed.title)
    Feed.objects.filter(pk=feed.pk).update(
        last_new_items=len(articles), items_imported=F("items_imported") + len(articles)
    )
    if articles:
        audit_record(
            actor=None,
            action="news.feed_imported",
            target=feed,
            unit=feed.board.unit,
            changes={"new_items": len(articles), "skipped_without_id": parsed.skipped},
        )
    return len(articles)


def _unseen(feed: Feed, items: list[FeedItem]) -> list[FeedItem]:
    """Items whose GUID and link are both new to the feed (and first of their kind in this document)."""
    keys = {i.key for i in items}
    links = {i.link for i in items if i.link}
    known = Article.objects.filter(feed=feed).filter(Q(external_id__in=keys) | Q(external_url__in=links))
    seen_keys, seen_links = set(), set()
    for key, link in known.values_list("external_id", "external_url"):
        seen_keys.add(key)
        seen_links.add(link)
    fresh = []
    for item in items:
        if item.key in seen_keys or (item.link and item.link in seen_links):
            continue
        seen_keys.add(item.key)
        if item.link:
            seen_links.add(item.link)
        fresh.append(item)
    return fresh


def _article(feed: Feed, item: FeedItem, audience: OrgUnit | None, source: str) -> Article:
    return Article(
        board=feed.board,
        title=item.title,
        summary=item.summary,
        category=ArticleCategory.NEWS,
        audience_unit=audience,
        state=ArticleState.PUBLISHED,
        published_at=item.published,
        source=ArticleSource.FEED,
        feed=feed,
        external_id=item.key,
        external_url=item.link,
        image_url=item.image_url,
        source_name=source[:200],
        **search_columns(title=item.title, summary=item.summary),
    )
