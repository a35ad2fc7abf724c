"""Content freshness per committee: what leaders asked for when news "was not posted regularly".

Committees are the tenant's root, the units directly under it and every unit with an editorial board. For a
month, each committee's row counts its own published articles (written by its board), items imported from its
feeds and the documents its library published; the last post is its latest own article or document (feed
imports do not count: a committee that only relays others is still silent); read rates are the reads of those
articles/documents by members of its subtree over (items × members of the subtree), from the per-unit read
counters. A committee is *silent* when its last post is `silent_days` or more days old (tenant setting,
default 7), or it never posted.

A page of rows costs a fixed number of queries (seven) whatever the number of articles and documents.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from core.content.audience import audience_members
from core.library.models import Document, DocumentState, DocumentUnitReads
from core.news.models import Article, ArticleSource, ArticleState, ArticleUnitReads
from core.news.services.boards import news_settings
from core.org.models import OrgUnit


@dataclass(frozen=True)
class FreshnessRow:
    unit: OrgUnit
    has_board: bool
    articles: int
    imported: int
    documents: int
    last_post_at: dt.datetime | None
    days_since: int | None  # None: never posted
    silent: bool
    article_read_pct: float | None  # None: nothing published in the month
    document_read_pct: float | None


def committees(scopes: list[str] | None = None) -> QuerySet[OrgUnit]:
    """Open committees (root, depth 1, units with a board), inside `scopes` (paths) when given."""
    qs = OrgUnit.objects.filter(Q(depth__lte=1) | Q(editorial_board__isnull=False), valid_to__isnull=True)
    if scopes is not None and "*" not in scopes:
        inside = Q(pk__in=[])
        for scope in scopes:
            inside |= Q(path__startswith=scope)
        qs = qs.filter(inside)
    return qs.select_related("editorial_board").order_by("path")


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = month.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(following, dt.time.min, tzinfo=tz),
    )


def last_posts(unit_ids: list[int]) -> dict[int, dt.datetime]:
    """Latest own article or document of each unit (two grouped queries)."""
    articles = (
        Article.objects.filter(
            board__unit_id__in=unit_ids, state=ArticleState.PUBLISHED, source=ArticleSource.EDITORIAL
        )
        .values_list("board__unit_id")
        .annotate(last=Max("published_at"))
    )
    documents = (
        Document.objects.filter(unit_id__in=unit_ids, state=DocumentState.PUBLISHED)
        .values_list("unit_id")
        .annotate(last=Max("published_at"))
    )
    latest: dict[int, dt.datetime] = {}
    for unit_id, last in [*articles, *documents]:
        if last is not None and (unit_id not in latest or last > latest[unit_id]):
            latest[unit_id] = last
    return latest


def _subtree_members(units: list[OrgUnit]) -> dict[int, int]:
    """Members reached by each unit's subtree (one grouped query by cell, folded along the cells' paths)."""
    wanted = {u.path: u.pk for u in units}
    totals: dict[int, int] = defaultdict(int)
    for path, n in audience_members(None).values_list("cell__path").annotate(n=Count("pk")):
        prefix = ""
        for part in path.split(".")[:-1]:
            prefix += part + "."
            if prefix in wanted:
                totals[wanted[prefix]] += n
    return totals


def _month_counts(unit_ids: list[int], start: dt.datetime, end: dt.datetime) -> dict[str, dict[int, int]]:
    in_month = {"published_at__gte": start, "published_at__lt": end}
    articles = (
        Article.objects.filter(board__unit_id__in=unit_ids, state=ArticleState.PUBLISHED, **in_month)
        .values_list("board__unit_id")
        .annotate(
            own=Count("pk", filter=Q(source=ArticleSource.EDITORIAL)),
            imported=Count("pk", filter=Q(source=ArticleSource.FEED)),
        )
    )
    documents = (
        Document.objects.filter(unit_id__in=unit_ids, state=DocumentState.PUBLISHED, **in_month)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[str, dict[int, int]] = {"articles": {}, "imported": {}, "documents": dict(documents)}
    for unit_id, own, imported in articles:
        counts["articles"][unit_id], counts["imported"][unit_id] = own, imported
    return counts


def _month_reads(unit_ids: list[int], start: dt.datetime, end: dt.datetime) -> dict[str, dict[int, int]]:
    """Reads, by members of each committee's subtree, of the month's own articles and documents of that committee."""
    article_reads = (
        ArticleUnitReads.objects.filter(
            item__board__unit_id=F("unit_id"),
            item__state=ArticleState.PUBLISHED,
            item__source=ArticleSource.EDITORIAL,
            item__published_at__gte=start,
            item__published_at__lt=end,
            unit_id__in=unit_ids,
        )
        .values_list("unit_id")
        .annotate(n=Sum("reads"))
    )
    document_reads = (
        DocumentUnitReads.objects.filter(
            item__unit_id=F("unit_id"),
            item__state=DocumentState.PUBLISHED,
            item__published_at__gte=start,
            item__published_at__lt=end,
            unit_id__in=unit_ids,
        )
        .values_list("unit_id")
        .annotate(n=Sum("reads"))
    )
    return {"articles": dict(article_reads), "documents": dict(document_reads)}


def _pct(reads: int, items: int, members: int) -> float | None:
    if not items:
        return None
    return round(100.0 * reads / (items * members), 1) if members else 0.0


def _days(last: dt.datetime | None, now: dt.datetime) -> int | None:
    return None if last is None else (timezone.localdate(now) - timezone.localdate(last)).days


def freshness_rows(
    month: dt.date, *, scopes: list[str] | None = None, now: dt.datetime | None = None
) -> list[FreshnessRow]:
    """One row per committee in `scopes` for `month`; silence is judged at `now` (default: the current time)."""
    now = now or timezone.now()
    silent_days = news_settings().silent_days
    units = list(committees(scopes))
    ids = [u.pk for u in units]
    start, end = month_bounds(month)
    counts, reads = _month_counts(ids, start, end), _month_reads(ids, start, end)
    latest, members = last_posts(ids), _subtree_members(units)
    rows = []
    for unit in units:
        days = _days(latest.get(unit.pk), now)
        articles, documents = counts["articles"].get(unit.pk, 0), counts["documents"].get(unit.pk, 0)
        rows.append(
            FreshnessRow(
                unit=unit,
                has_board=hasattr(unit, "editorial_board"),
                articles=articles,
                imported=counts["imported"].get(unit.pk, 0),
                documents=documents,
                last_post_at=latest.get(unit.pk),
                days_since=days,
                silent=days is None or days >= silent_days,
                article_read_pct=_pct(reads["articles"].get(unit.pk, 0), articles, members.get(unit.pk, 0)),
                document_read_pct=_pct(reads["documents"].get(unit.pk, 0), documents, members.get(unit.pk, 0)),
            )
        )
    return rows


@dataclass(frozen=True)
class FreshnessSummary:
    committees: int
    silent: int
    silent_days: int
    last_post_at: dt.datetime | None  # the tenant's latest own article or document, any committee


def freshness_summary(now: dt.datetime | None = None) -> FreshnessSummary:
    """The console's column: how many committees are silent (three queries, no month figures)."""
    now = now or timezone.now()
    silent_days = news_settings().silent_days
    ids = list(committees().values_list("pk", flat=True))
    latest = last_posts(ids)
    silent = sum(1 for pk in ids if (d := _days(latest.get(pk), now)) is None or d >= silent_days)
    return FreshnessSummary(
        committees=len(ids), silent=silent, silent_days=silent_days, last_post_at=max(latest.values(), default=None)
    )
