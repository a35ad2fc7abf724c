"""News API for members (phone client): the feed (their units and every unit above them, newest first, with
`is_read`), an article, marking it read, its cover image and the unread count. Scoped like the pages: an
article outside the caller's audience, unpublished, missing or of another tenant is a 404."""

from django.contrib.auth.models import User
from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.query import offset_field, query
from core.news.desk import article_for_cover
from core.news.models import Article, ArticleCategory, ArticleSource
from core.news.selectors import article_for_reader, news_feed, unread_count, with_read_marks
from core.news.services.reads import article_mark_read
from core.news.views import cover_response

PAGE_SIZE = 20


class ArticleListItemOutput(serializers.ModelSerializer):
    board = serializers.CharField(source="board.name")
    unit = serializers.CharField(source="board.unit.name")
    is_read = serializers.BooleanField()
    cover_thumb_url = serializers.SerializerMethodField()
    origin = serializers.ChoiceField(
        source="source", choices=ArticleSource.choices, help_text="editorial: ban biên tập; feed: nguồn tin ngoài"
    )

    class Meta:
        model = Article
        fields = [
            "id", "title", "summary", "category", "board", "unit", "published_at", "origin",
            "source_name", "external_url", "image_url", "is_read", "cover_thumb_url",
        ]  # fmt: skip

    def get_cover_thumb_url(self, article: Article) -> str | None:
        if not article.cover_thumb:
            return None
        return reverse("api:news_cover", kwargs={"article_id": article.pk, "size": "nho"})


class ArticleOutput(ArticleListItemOutput):
    body_html = serializers.CharField(help_text="HTML đã lọc an toàn (nh3) / sanitised HTML")
    audience_unit = serializers.CharField(source="audience_unit.name", allow_null=True, default=None)
    cover_url = serializers.SerializerMethodField()

    class Meta(ArticleListItemOutput.Meta):
        fields = [*ArticleListItemOutput.Meta.fields, "body_html", "audience_unit", "cover_url", "cover_alt"]

    def get_cover_url(self, article: Article) -> str | None:
        if not article.cover:
            return None
        return reverse("api:news_cover", kwargs={"article_id": article.pk, "size": "lon"})


class NewsFeedOutput(serializers.Serializer):
    unread = serializers.IntegerField(help_text="tin chưa đọc trong 30 ngày / unread in the last 30 days")
    next_offset = serializers.IntegerField(allow_null=True)
    results = ArticleListItemOutput(many=True)


class ReadOutput(serializers.Serializer):
    first_read = serializers.BooleanField()
    unread = serializers.IntegerField()


class NewsFeedQuery(serializers.Serializer):
    q = serializers.CharField(required=False, default="", allow_blank=True, help_text="tìm không dấu / search")
    category = serializers.ChoiceField(choices=ArticleCategory.choices, required=False)
    offset = offset_field()


class NewsFeedApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[NewsFeedQuery],
        responses=NewsFeedOutput,
        operation_id="news_feed",
        summary="Tin tức của tôi / My news feed",
    )
    def get(self, request: Request) -> Response:
        params = query(NewsFeedQuery, request)
        offset = params["offset"]
        articles = news_feed(
            request.user,
            category=params.get("category", ""),
            query=params["q"][:200],
            offset=offset,
            limit=PAGE_SIZE + 1,
        )
        data = {
            "unread": unread_count(request.user),
            "next_offset": offset + PAGE_SIZE if len(articles) > PAGE_SIZE else None,
            "results": articles[:PAGE_SIZE],
        }
        return Response(NewsFeedOutput(data).data)


class NewsArticleApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ArticleOutput, operation_id="news_article", summary="Một tin / An article")
    def get(self, request: Request, article_id: int) -> Response:
        article = article_for_reader(request.user, article_id)
        article.is_read = bool(with_read_marks(request.user, [article])[0].is_read)  # type: ignore[attr-defined]
        return Response(ArticleOutput(article).data)


class NewsReadApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=ReadOutput, summary="Đánh dấu đã đọc / Mark an article read")
    def post(self, request: Request, article_id: int) -> Response:
        article = article_for_reader(request.user, article_id)
        assert isinstance(request.user, User)
        first = article_mark_read(article=article, user=request.user)
        return Response(ReadOutput({"first_read": first, "unread": unread_count(request.user)}).data)


class NewsCoverApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "image/jpeg"): OpenApiTypes.BINARY},
        summary="Ảnh đại diện của tin (lon: 1280 px, nho: 480 px) / Article cover",
    )
    def get(self, request: Request, article_id: int, size: str) -> FileResponse:
        if size not in ("lon", "nho"):
            raise Http404
        return cover_response(article_for_cover(request.user, article_id), size)
