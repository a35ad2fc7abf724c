"""Members' news pages: the feed (/tin-tuc/), an article (/tin-tuc/<id>/) and its cover image, served only to
those who may read the article (its audience) or work on it (its board)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.access.checks import has_perm_on
from core.access.permissions import NEWS_EDIT
from core.content.storage import file_response
from core.news.covers import STORE
from core.news.desk import article_for_cover
from core.news.models import Article, ArticleCategory
from core.news.selectors import article_for_reader, news_feed, unread_count
from core.news.services.reads import article_mark_read
from core.web import acting_user

PAGE_SIZE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("trang", "1")), 1000))
    except ValueError:
        return 1


@login_required
def news_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    category = request.GET.get("chuyen-muc", "")
    page = _page_number(request)
    articles = news_feed(
        request.user, category=category, query=query, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1
    )
    context = {
        "articles": articles[:PAGE_SIZE],
        "has_next": len(articles) > PAGE_SIZE,
        "page": page,
        "query": query,
        "category": category if category in ArticleCategory.values else "",
        "categories": ArticleCategory.choices,
        "unread": unread_count(request.user),
    }
    return render(request, "tenant/news/list.html", context)


@login_required
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_for_reader(request.user, article_id)
    article_mark_read(article=article, user=acting_user(request))
    context = {"article": article, "may_edit": has_perm_on(request.user, NEWS_EDIT, article.board.unit)}
    return render(request, "tenant/news/detail.html", context)


@login_required
def cover(request: HttpRequest, article_id: int, size: str) -> FileResponse:
    return cover_response(article_for_cover(request.user, article_id), size)


def cover_response(article: Article, size: str) -> FileResponse:
    """The article's cover ("lon") or thumbnail ("nho") for a user who passed the access check."""
    name = article.cover_thumb if size == "nho" else article.cover
    if not name:
        raise Http404
    try:
        return file_response(
            STORE.object(name), filename=f"bai-{article.pk}.jpg", content_type="image/jpeg", inline=True
        )
    except FileNotFoundError:
        raise Http404 from None
