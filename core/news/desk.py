"""Reads of the editorial side: the boards a user works for, an article as its board sees it (any state), the
desk's queues (drafts, waiting for approval, approved, scheduled, recently published) and the timeline."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, QuerySet, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber
from django.http import Http404

from core.access.checks import access_object, has_perm_on, scoped
from core.access.permissions import NEWS_EDIT, NEWS_MANAGE
from core.news.models import Article, ArticleEvent, ArticleSource, ArticleState, EditorialBoard
from core.news.workflow import EDITABLE_STATES, QUEUES, TRANSITIONS

QUEUE_LIMIT = 50
RECENT_PUBLISHED = 10


def editable_boards(user: User | AnonymousUser | None) -> QuerySet[EditorialBoard]:
    """Boards whose unit lies in the user's news.edit scope (editors, approvers, publishers)."""
    return scoped(EditorialBoard.objects.select_related("unit"), user, NEWS_EDIT, "unit__path").order_by("unit__path")


def managed_boards(user: User | AnonymousUser | None) -> QuerySet[EditorialBoard]:
    """Boards whose unit lies in the user's news.manage scope (their feeds are administered by the user)."""
    return scoped(EditorialBoard.objects.select_related("unit"), user, NEWS_MANAGE, "unit__path").order_by("unit__path")


def board_for(user: User | AnonymousUser | None, board_id: object, perm: str = NEWS_EDIT) -> EditorialBoard:
    return access_object(EditorialBoard.objects.select_related("unit"), board_id, user, perm, "unit__path")


def article_for_editor(user: User | AnonymousUser | None, article_id: object) -> Article:
    """Any article of a board in the user's news.edit scope; Http404 alike for missing and forbidden ids."""
    qs = Article.objects.select_related("board__unit", "audience_unit", "author", "feed")
    return access_object(qs, article_id, user, NEWS_EDIT, "board__unit__path")


def article_for_cover(user: User | AnonymousUser | None, article_id: int | str) -> Article:
    """An article whose cover the user may see: they may read it, or they work on its board; 404 otherwise."""
    from core.news.selectors import article_for_reader

    try:
        return article_for_reader(user, article_id)
    except Http404:
        return article_for_editor(user, article_id)


def timeline(article: Article) -> list[ArticleEvent]:
    return list(article.events.select_related("actor").order_by("at", "pk"))


def allowed_actions(user: User | AnonymousUser | None, article: Article) -> list[str]:
    """The workflow actions the user may take on the article now (for buttons; services check again)."""
    actions = []
    for action, step in TRANSITIONS.items():
        if action == "schedule" or article.state not in step.sources:
            continue
        if step.editorial_only and article.source == ArticleSource.FEED:
            continue
        if action == "approve" and user is not None and article.author_id == user.pk:
            continue
        if has_perm_on(user, step.perm, article.board.unit):
            actions.append(action)
    return actions


def may_edit(user: User | AnonymousUser | None, article: Article) -> bool:
    return (
        article.state in EDITABLE_STATES
        and article.source == ArticleSource.EDITORIAL
        and has_perm_on(user, NEWS_EDIT, article.board.unit)
    )


@dataclass
class BoardDesk:
    board: EditorialBoard
    queues: dict[str, list[Article]] = field(default_factory=dict)
    published: list[Article] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(len(items) for items in self.queues.values())


def desk(user: User | AnonymousUser | None) -> list[BoardDesk]:
    """Each of the user's boards with its queues and latest published articles (three queries in all)."""
    boards = list(editable_boards(user))
    desks = {b.pk: BoardDesk(board=b, queues={name: [] for name, _ in QUEUES}) for b in boards}
    open_states = set().union(*(states for _, states in QUEUES))
    pending = _first_per(
        Article.objects.filter(board__in=boards, state__in=open_states).select_related("author"),
        ("board_id", "state"),
        F("publish_at").asc(nulls_last=True),
        QUEUE_LIMIT,
    )
    for article in pending.order_by("board_id", F("publish_at").asc(nulls_last=True), "-updated_at"):
        name = next(name for name, states in QUEUES if article.state in states)
        desks[article.board_id].queues[name].append(article)
    recent = _first_per(
        Article.objects.filter(board__in=boards, state=ArticleState.PUBLISHED, source=ArticleSource.EDITORIAL),
        ("board_id",),
        F("published_at").desc(),
        RECENT_PUBLISHED,
    )
    for article in recent.order_by("board_id", "-published_at"):
        desks[article.board_id].published.append(article)
    return list(desks.values())


def _first_per(qs: QuerySet[Article], partition: tuple[str, ...], order: OrderBy, n: int) -> QuerySet[Article]:
    """The first `n` rows of each partition (a window function; one query whatever the backlog)."""
    ranked = qs.annotate(rank=Window(RowNumber(), partition_by=[F(p) for p in partition], order_by=[order, "-pk"]))
    return ranked.filter(rank__lte=n)
