"""The editorial desk (/tin-tuc/bien-tap/): each board's queues, writing and editing articles, and the workflow
buttons with the article's timeline. Articles of boards outside the user's news.edit scope are a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.access.checks import has_perm_anywhere
from core.access.permissions import NEWS_EDIT, NEWS_MANAGE
from core.news.desk import allowed_actions, article_for_editor, board_for, desk, may_edit, timeline
from core.news.forms import WHOLE, ArticleForm, CommentForm, PublishForm
from core.news.models import Article
from core.news.services.articles import ArticleContent, article_create, article_transition, article_update
from core.news.workflow import QUEUES
from core.web import acting_user, show_error

ACTION_LABELS = {
    "submit": gettext_lazy("Gửi duyệt"),
    "approve": gettext_lazy("Duyệt bài"),
    "return": gettext_lazy("Trả lại"),
    "publish": gettext_lazy("Đăng"),
    "unschedule": gettext_lazy("Huỷ hẹn giờ"),
    "unpublish": gettext_lazy("Gỡ bài"),
    "reopen": gettext_lazy("Mở lại để sửa"),
}


@login_required
def desk_page(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, NEWS_EDIT):
        raise Http404
    return render(
        request,
        "tenant/news/desk.html",
        {"desks": desk(request.user), "queue_names": [name for name, _ in QUEUES],
         "may_manage": has_perm_anywhere(request.user, NEWS_MANAGE)},
    )  # fmt: skip


def _content(form: ArticleForm) -> ArticleContent:
    data = form.cleaned_data
    return ArticleContent(
        title=data["title"],
        body_html=data["body_html"],
        category=data["category"],
        audience_unit=form.audience_unit(),
        summary=data["summary"],
        cover_alt=data["cover_alt"],
    )


def _form_errors(form: ArticleForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = "audience" if field == "audience_unit" else field
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def article_new(request: HttpRequest, board_id: int) -> HttpResponse:
    board = board_for(request.user, board_id)
    initial = {"audience": WHOLE if board.unit.parent_id is None else str(board.unit.pk), "category": "news"}
    form = ArticleForm(request.POST or None, request.FILES or None, board=board, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = article_create(
                board=board, content=_content(form), actor=acting_user(request), cover=form.cleaned_data["cover"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp. Gửi duyệt khi đồng chí viết xong."))
            return redirect("news:edit", article_id=article.pk)
    return render(request, "tenant/news/edit.html", {"form": form, "board": board, "article": None})


def _edit_form(request: HttpRequest, article: Article) -> ArticleForm:
    initial = {
        "title": article.title,
        "summary": article.summary,
        "body_html": article.body_html,
        "category": article.category,
        "audience": str(article.audience_unit_id) if article.audience_unit_id else WHOLE,
        "cover_alt": article.cover_alt,
    }
    data = request.POST if request.method == "POST" else None
    return ArticleForm(data, request.FILES or None, board=article.board, initial=initial)


@login_required
def article_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_editor(request.user, article_id)
    editable = may_edit(request.user, article)
    form = _edit_form(request, article) if editable else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                article_update(
                    article=article,
                    content=_content(form),
                    actor=acting_user(request),
                    cover=form.cleaned_data["cover"],
                    remove_cover=form.cleaned_data["remove_cover"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu bài viết."))
                return redirect("news:edit", article_id=article.pk)
    return render(request, "tenant/news/edit.html", _edit_context(request, article, form))


def _edit_context(request: HttpRequest, article: Article, form: ArticleForm | None) -> dict[str, object]:
    actions = allowed_actions(request.user, article)
    return {
        "article": article,
        "board": article.board,
        "form": form,
        "timeline": timeline(article),
        "actions": [(a, ACTION_LABELS[a]) for a in actions],
        "comment_form": CommentForm(),
        "publish_form": PublishForm(),
    }


@login_required
@require_POST
def article_action(request: HttpRequest, article_id: int, action: str) -> HttpResponse:
    article = article_for_editor(request.user, article_id)
    if action not in ACTION_LABELS:
        raise Http404
    comment_form = CommentForm(request.POST)
    publish_form = PublishForm(request.POST)
    if not (comment_form.is_valid() and publish_form.is_valid()):
        messages.error(request, _("Giờ đăng không hợp lệ: chọn ngày và giờ, ví dụ 08:00 ngày 15/12."))
        return redirect("news:edit", article_id=article.pk)
    try:
        article = article_transition(
            article=article,
            action=action,
            actor=acting_user(request),
            comment=comment_form.cleaned_data["comment"],
            publish_at=publish_form.cleaned_data["publish_at"] if action == "publish" else None,
        )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Bài viết: %(state)s.") % {"state": article.get_state_display()})
    return redirect("news:edit", article_id=article.pk)
