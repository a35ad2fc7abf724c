"""News administration API (news.manage): external feeds of the caller's boards with their health, adding one,
pausing/resuming, fetching now; and the content freshness per committee for leaders."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.v1.news_editorial import _problem
from core.access.checks import access_object, has_perm_anywhere, scoped
from core.access.permissions import NEWS_MANAGE
from core.news.desk import board_for
from core.news.freshness import freshness_rows
from core.news.freshness_views import freshness_scopes
from core.news.models import Feed
from core.news.services.boards import news_settings
from core.news.services.feeds import feed_add, feed_update
from core.news.tasks import fetch_feed
from core.stats.selectors import parse_month


class FeedOutput(serializers.ModelSerializer):
    board = serializers.IntegerField(source="board_id")

    class Meta:
        model = Feed
        fields = [
            "id", "board", "url", "title", "active", "last_fetched_at", "last_success_at", "last_error",
            "failure_count", "next_fetch_at", "last_new_items", "items_imported",
        ]  # fmt: skip


class FeedInput(serializers.Serializer):
    board = serializers.IntegerField()
    url = serializers.CharField(max_length=1000)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FeedChangeInput(serializers.Serializer):
    url = serializers.CharField(max_length=1000, required=False)
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


def _feeds(request: Request) -> QuerySet[Feed]:
    return scoped(Feed.objects.select_related("board__unit"), request.user, NEWS_MANAGE, "board__unit__path")


class FeedListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FeedOutput(many=True), summary="Nguồn tin ngoài / External feeds")
    def get(self, request: Request) -> Response:
        return Response(FeedOutput(_feeds(request).order_by("board__unit__path", "pk"), many=True).data)

    @extend_schema(request=FeedInput, responses={201: FeedOutput}, summary="Thêm nguồn tin / Add a feed")
    def post(self, request: Request) -> Response:
        if not has_perm_anywhere(request.user, NEWS_MANAGE):  # the right first, then the body
            raise exceptions.PermissionDenied("Đồng chí không có quyền quản lý nguồn tin.")
        payload = FeedInput(data=request.data)
        payload.is_valid(raise_exception=True)
        board = board_for(request.user, payload.validated_data["board"], NEWS_MANAGE)
        assert isinstance(request.user, User)
        try:
            feed = feed_add(
                board=board,
                url=payload.validated_data["url"],
                title=payload.validated_data["title"],
                actor=request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            return _problem(exc)
        fetch_feed.delay(feed.pk)
        feed.refresh_from_db()
        return Response(FeedOutput(feed).data, status=201)


class FeedApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=FeedChangeInput, responses=FeedOutput, summary="Sửa, tạm dừng, tiếp tục / Change a feed")
    def patch(self, request: Request, feed_id: int) -> Response:
        feed = access_object(_feeds(request), feed_id, request.user, NEWS_MANAGE, "board__unit__path")
        payload = FeedChangeInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            feed = feed_update(feed=feed, actor=request.user, **payload.validated_data)
        except (ValidationError, PermissionDenied) as exc:
            return _problem(exc)
        return Response(FeedOutput(feed).data)


class FeedFetchApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={202: FeedOutput}, summary="Lấy tin ngay / Fetch now (in the background)")
    def post(self, request: Request, feed_id: int) -> Response:
        feed = access_object(_feeds(request), feed_id, request.user, NEWS_MANAGE, "board__unit__path")
        fetch_feed.delay(feed.pk)
        feed.refresh_from_db()
        return Response(FeedOutput(feed).data, status=202)


class FreshnessRowOutput(serializers.Serializer):
    unit_code = serializers.CharField(source="unit.code")
    unit = serializers.CharField(source="unit.name")
    has_board = serializers.BooleanField()
    articles = serializers.IntegerField()
    imported = serializers.IntegerField()
    documents = serializers.IntegerField()
    last_post_at = serializers.DateTimeField(allow_null=True)
    days_since = serializers.IntegerField(allow_null=True)
    silent = serializers.BooleanField()
    article_read_pct = serializers.FloatField(allow_null=True)
    document_read_pct = serializers.FloatField(allow_null=True)


class FreshnessOutput(serializers.Serializer):
    month = serializers.DateField()
    silent_days = serializers.IntegerField()
    rows = FreshnessRowOutput(many=True)


class FreshnessApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM; mặc định tháng này / default this month")],
        responses=FreshnessOutput,
        summary="Tần suất đăng tin, văn bản theo cấp uỷ / Content freshness per committee",
    )
    def get(self, request: Request) -> Response:
        scopes = freshness_scopes(request.user)
        if not scopes:
            raise Http404
        text = request.query_params.get("month", "")
        month: dt.date | None = parse_month(text) if text else timezone.localdate().replace(day=1)
        if month is None:
            return Response({"month": ["Tháng không hợp lệ: dùng dạng YYYY-MM, ví dụ 2026-03."]}, status=400)
        rows = freshness_rows(month, scopes=scopes)
        return Response(
            FreshnessOutput({"month": month, "silent_days": news_settings().silent_days, "rows": rows}).data
        )
