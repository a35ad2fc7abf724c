"""Articles and their editorial workflow. Every write: one transaction, an ArticleEvent (the timeline shown on the
article) and an audit row; permissions are checked over the board's unit (core.access), states through
core.news.workflow. `now` is the clock (tests pass it; None is the current time)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access.checks import has_perm_on
from core.access.permissions import NEWS_EDIT
from core.audit.services import audit_record
from core.content.sanitize import html_to_text, sanitize_html, single_line
from core.content.search import search_columns
from core.news.covers import cover_delete, cover_store
from core.news.models import Article, ArticleCategory, ArticleEvent, ArticleEventKind, ArticleState, EditorialBoard
from core.news.workflow import EDITABLE_STATES, TRANSITIONS, Transition
from core.notifications.models import Kind
from core.notifications.services import notify_unit_audience
from core.org.models import OrgUnit

MAX_SCHEDULE_AHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class ArticleContent:
    title: str
    body_html: str
    category: str
    audience_unit: OrgUnit | None  # None: the whole committee (boards of the tenant's root only)
    summary: str = ""
    cover_alt: str = ""


def _clean(board: EditorialBoard, content: ArticleContent) -> dict[str, object]:
    """The article's fields from what the editor typed; Vietnamese errors keyed by field."""
    errors: dict[str, str] = {}
    title = single_line(content.title, 300)
    if not title:
        errors["title"] = _("Đồng chí chưa nhập tiêu đề.")
    body = sanitize_html(content.body_html)
    if not html_to_text(body):
        errors["body_html"] = _("Đồng chí chưa nhập nội dung bài viết.")
    if content.category not in ArticleCategory.values:
        errors["category"] = _("Chuyên mục không hợp lệ.")
    if not audience_allowed(board, content.audience_unit):
        errors["audience_unit"] = _("Chỉ chọn %(unit)s hoặc một tổ chức trực thuộc.") % {"unit": board.unit.name}
    if errors:
        raise ValidationError({k: ValidationError(v, code="invalid") for k, v in errors.items()})
    summary = " ".join(content.summary.split())[:1000]  # as typed: the page shows it as the lead above the body
    return {
        **search_columns(title=title, summary=summary, body=html_to_text(body)),
        "title": title,
        "body_html": body,
        "summary": summary,
        "category": content.category,
        "audience_unit": content.audience_unit,
        "cover_alt": single_line(content.cover_alt, 200),
    }


def audience_allowed(board: EditorialBoard, unit: OrgUnit | None) -> bool:
    """A board addresses its own unit's subtree; the whole committee only from the tenant's root."""
    if unit is None:
        return board.unit.parent_id is None
    return unit.path.startswith(board.unit.path)


def _event(article: Article, kind: str, actor: User | None, now: dt.datetime, **extra: object) -> ArticleEvent:
    return ArticleEvent.objects.create(article=article, kind=kind, actor=actor, at=now, **extra)


def _with_cover(fields: dict[str, object], cover: UploadedFile | None) -> None:
    """Resize and store a new cover into `fields` (after the text was validated: a refused form stores nothing)."""
    if cover is not None:
        try:
            stored = cover_store(cover)
        except ValidationError as exc:
            raise ValidationError({"cover": exc.error_list}) from None
        fields.update(cover=stored.full, cover_thumb=stored.thumb)


@transaction.atomic
def article_create(
    *, board: EditorialBoard, content: ArticleContent, actor: User, cover: UploadedFile | None = None
) -> Article:
    if not has_perm_on(actor, NEWS_EDIT, board.unit):
        raise PermissionDenied
    fields = _clean(board, content)
    _with_cover(fields, cover)
    article = Article.objects.create(board=board, author=actor, state=ArticleState.DRAFT, **fields)
    _event(article, ArticleEventKind.CREATED, actor, timezone.now())
    audit_record(
        actor=actor, action="news.article_created", target=article, unit=board.unit, changes={"title": article.title}
    )
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    content: ArticleContent,
    actor: User,
    cover: UploadedFile | None = None,
    remove_cover: bool = False,
) -> Article:
    article = Article.objects.select_for_update().select_related("board__unit").get(pk=article.pk)
    if not has_perm_on(actor, NEWS_EDIT, article.board.unit):
        raise PermissionDenied
    if article.state not in EDITABLE_STATES or article.is_external:
        raise ValidationError(_("Chỉ sửa được bản nháp hoặc bài bị trả lại."), code="not_editable")
    fields = _clean(article.board, content)
    if remove_cover and cover is None:
        fields.update(cover="", cover_thumb="")
    old_files = [article.cover, article.cover_thumb] if (remove_cover or cover is not None) and article.cover else []
    _with_cover(fields, cover)
    changed = [
        name for name, value in fields.items() if getattr(article, name) != value and not name.startswith("search_")
    ]
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    if old_files:
        transaction.on_commit(lambda: cover_delete(*old_files))
    if changed:
        _event(article, ArticleEventKind.EDITED, actor, timezone.now())
        audit_record(
            actor=actor,
            action="news.article_edited",
            target=article,
            unit=article.board.unit,
            changes={"fields": changed},
        )
    return article


def _check(article: Article, step: Transition, actor: User, comment: str) -> None:
    if not has_perm_on(actor, step.perm, article.board.unit):
        raise PermissionDenied(_("Đồng chí không có quyền thực hiện thao tác này với bài viết."))
    if article.state not in step.sources or (step.editorial_only and article.is_external):
        raise ValidationError(
            _("Bài viết đang ở trạng thái “%(state)s”, không thể thực hiện thao tác này.")
            % {"state": article.get_state_display()},
            code="wrong_state",
        )
    if step.needs_comment and not comment.strip():
        message = _("Hãy ghi lý do gỡ bài.") if step.action == "unpublish" else _("Hãy ghi ý kiến khi trả lại bài.")
        raise ValidationError(message, code="comment_required")
    if step.action == "approve" and article.author_id == actor.pk:
        raise ValidationError(_("Đồng chí không thể tự duyệt bài mình viết."), code="own_article")


def _schedule_time(publish_at: dt.datetime | None, now: dt.datetime) -> dt.datetime | None:
    """None: publish now. A time in the past (or within a minute) also means now."""
    if publish_at is None or publish_at <= now + dt.timedelta(minutes=1):
        return None
    if publish_at > now + MAX_SCHEDULE_AHEAD:
        raise ValidationError(_("Chỉ hẹn giờ đăng trong vòng một năm."), code="schedule_too_far")
    return publish_at


@transaction.atomic
def article_transition(
    *,
    article: Article,
    action: str,
    actor: User,
    comment: str = "",
    publish_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Article:
    """Move `article` by `action` (see core.news.workflow); "publish" with a future `publish_at` schedules it."""
    now = now or timezone.now()
    article = Article.objects.select_for_update().select_related("board__unit").get(pk=article.pk)
    if action == "publish" and _schedule_time(publish_at, now) is not None:
        action = "schedule"
    step = TRANSITIONS.get(action)
    if step is None:
        raise ValidationError(_("Thao tác không hợp lệ."), code="unknown_action")
    comment = comment.strip()
    _check(article, step, actor, comment)
    before = article.state
    article.state = step.target
    if step.action == "schedule":
        article.publish_at = publish_at
    elif step.action in ("unschedule", "reopen", "return"):
        article.publish_at = None
    if step.action == "publish":
        article.published_at, article.publish_at = now, None
    if step.needs_comment:
        article.last_comment = comment
    article.save()
    _event(article, step.event, actor, now, comment=comment, publish_at=article.publish_at)
    audit_record(
        actor=actor,
        action=f"news.article_{step.event}",
        target=article,
        unit=article.board.unit,
        changes={"state": [before, article.state], "comment": comment, "publish_at": _iso(article.publish_at)},
    )
    if article.state == ArticleState.PUBLISHED and before != ArticleState.PUBLISHED:
        _notify_published(article, actor)
    return article


def _notify_published(article: Article, actor: User | None) -> None:
    notify_unit_audience(
        kind=Kind.NEWS,
        text=f"Tin mới: {article.title}",
        url=reverse("news:detail", kwargs={"article_id": article.pk}),
        unit=article.audience_unit,
        actor=actor,
    )


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_submit(*, article: Article, actor: User) -> Article:
    return article_transition(article=article, action="submit", actor=actor)


def article_approve(*, article: Article, actor: User) -> Article:
    return article_transition(article=article, action="approve", actor=actor)


def article_return(*, article: Article, actor: User, comment: str) -> Article:
    return article_transition(article=article, action="return", actor=actor, comment=comment)


def article_publish(
    *, article: Article, actor: User, publish_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Article:
    """Publish now, or schedule when `publish_at` is more than a minute ahead."""
    return article_transition(article=article, action="publish", actor=actor, publish_at=publish_at, now=now)


def article_unschedule(*, article: Article, actor: User) -> Article:
    return article_transition(article=article, action="unschedule", actor=actor)


def article_unpublish(*, article: Article, actor: User, reason: str) -> Article:
    return article_transition(article=article, action="unpublish", actor=actor, comment=reason)


def article_reopen(*, article: Article, actor: User) -> Article:
    return article_transition(article=article, action="reopen", actor=actor)


def articles_publish_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Publish scheduled articles whose time has come (the periodic task); each in its own transaction,
    published at its scheduled time. Returns how many were published."""
    now = now or timezone.now()
    due = list(
        Article.objects.filter(state=ArticleState.SCHEDULED, publish_at__lte=now)
        .order_by("publish_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in due if _publish_scheduled(pk, now))


@transaction.atomic
def _publish_scheduled(pk: int, now: dt.datetime) -> bool:
    article = (
        Article.objects.select_for_update(skip_locked=True)
        .select_related("board__unit")
        .filter(pk=pk, state=ArticleState.SCHEDULED, publish_at__lte=now)
        .first()
    )
    if article is None:  # published, unscheduled or being handled meanwhile
        return False
    scheduled = article.publish_at
    article.state, article.published_at, article.publish_at = ArticleState.PUBLISHED, scheduled, None
    article.save(update_fields=["state", "published_at", "publish_at", "updated_at"])
    _event(article, ArticleEventKind.PUBLISHED, None, now, comment=_("Đăng tự động theo giờ đã hẹn."))
    audit_record(
        actor=None,
        action="news.article_published",
        target=article,
        unit=article.board.unit,
        changes={"state": [ArticleState.SCHEDULED, ArticleState.PUBLISHED], "scheduled_for": _iso(scheduled)},
    )
    _notify_published(article, None)
    return True
