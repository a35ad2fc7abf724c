"""Editorial API (news.edit and above): the caller's boards and desk, writing and editing articles (multipart for
the cover), an article as its board sees it with its timeline, and the workflow transitions. Articles of boards
outside the caller's scope, or of another tenant, are a 404; a transition the caller may not make is a 403."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.parsers import GuardedFormParser, GuardedJSONParser, GuardedMultiPartParser
from core.news.desk import allowed_actions, article_for_editor, board_for, desk, editable_boards, timeline
from core.news.forms import paragraphs
from core.news.models import Article, ArticleCategory, ArticleEvent, ArticleSource, EditorialBoard
from core.news.services.articles import ArticleContent, article_create, article_transition, article_update
from core.news.workflow import TRANSITIONS
from core.org.models import OrgUnit


class BoardOutput(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.name")
    unit_code = serializers.CharField(source="unit.code")
    whole_committee_allowed = serializers.SerializerMethodField()

    class Meta:
        model = EditorialBoard
        fields = ["id", "name", "unit", "unit_code", "whole_committee_allowed"]

    def get_whole_committee_allowed(self, board: EditorialBoard) -> bool:
        return board.unit.parent_id is None


class DeskArticleOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_username", allow_null=True, default=None)

    class Meta:
        model = Article
        fields = ["id", "title", "state", "author", "updated_at", "publish_at", "published_at"]


class DeskQueuesOutput(serializers.Serializer):
    drafts = DeskArticleOutput(many=True, help_text="bản nháp và bài bị trả lại / drafts and returned")
    waiting = DeskArticleOutput(many=True, help_text="chờ duyệt / waiting for approval")
    approved = DeskArticleOutput(many=True, help_text="đã duyệt, chờ đăng / approved")
    scheduled = DeskArticleOutput(many=True, help_text="hẹn giờ đăng / scheduled")


class BoardDeskOutput(serializers.Serializer):
    board = BoardOutput()
    queues = DeskQueuesOutput()
    published = DeskArticleOutput(many=True)


class EventOutput(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_username", allow_null=True, default=None)

    class Meta:
        model = ArticleEvent
        fields = ["kind", "actor", "at", "comment", "publish_at"]


class EditorialArticleOutput(serializers.ModelSerializer):
    board = BoardOutput()
    audience_unit = serializers.IntegerField(source="audience_unit_id", allow_null=True)
    origin = serializers.ChoiceField(source="source", choices=ArticleSource.choices)
    timeline = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id", "board", "title", "summary", "body_html", "category", "audience_unit", "state", "origin",
            "publish_at", "published_at", "last_comment", "cover_alt", "timeline", "actions",
        ]  # fmt: skip

    @extend_schema_field(EventOutput(many=True))
    def get_timeline(self, article: Article) -> list[dict[str, object]]:
        return EventOutput(timeline(article), many=True).data  # type: ignore[return-value]

    def get_actions(self, article: Article) -> list[str]:
        return allowed_actions(self.context["request"].user, article)


class ArticleInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    body_html = serializers.CharField(help_text="HTML (lọc bằng nh3) hoặc văn bản thường / HTML or plain text")
    category = serializers.ChoiceField(choices=ArticleCategory.choices)
    audience_unit = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="null: toàn đảng bộ (chỉ ban biên tập cấp tỉnh)"
    )
    cover = serializers.ImageField(required=False, allow_null=True, default=None)
    cover_alt = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    remove_cover = serializers.BooleanField(required=False, default=False)


class TransitionInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    publish_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


def _problem(exc: ValidationError | PermissionDenied) -> Response:
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Không có quyền."}, status=403)
    if hasattr(exc, "error_dict"):
        return Response({k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}, status=400)
    return Response({"detail": " ".join(exc.messages), "code": exc.code}, status=400)


def _content(board: EditorialBoard, data: dict) -> ArticleContent:
    unit_id = data["audience_unit"]
    unit = None
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            raise ValidationError({"audience_unit": ValidationError("Không tìm thấy tổ chức này.")})
    return ArticleContent(
        title=data["title"],
        body_html=paragraphs(data["body_html"]),
        category=data["category"],
        audience_unit=unit,
        summary=data["summary"],
        cover_alt=data["cover_alt"],
    )


class BoardListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BoardOutput(many=True), summary="Ban biên tập của tôi / My editorial boards")
    def get(self, request: Request) -> Response:
        return Response(BoardOutput(editable_boards(request.user), many=True).data)


class DeskApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=BoardDeskOutput(many=True), summary="Bàn biên tập: hàng chờ / Editorial desk queues")
    def get(self, request: Request) -> Response:
        return Response(BoardDeskOutput(desk(request.user), many=True).data)


class BoardArticlesApi(TenantAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [GuardedMultiPartParser, GuardedFormParser, GuardedJSONParser]

    @extend_schema(request=ArticleInput, responses={201: EditorialArticleOutput}, summary="Viết bài (bản nháp) / Draft")
    def post(self, request: Request, board_id: int) -> Response:
        board = board_for(request.user, board_id)
        payload = ArticleInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            content = _content(board, payload.validated_data)
            article = article_create(
                board=board, content=content, actor=request.user, cover=payload.validated_data["cover"]
            )
        except (ValidationError, PermissionDenied) as exc:
            return _problem(exc)
        return Response(EditorialArticleOutput(article, context={"request": request}).data, status=201)


class EditorialArticleApi(TenantAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [GuardedMultiPartParser, GuardedFormParser, GuardedJSONParser]

    @extend_schema(responses=EditorialArticleOutput, summary="Bài viết và quá trình biên tập / Article and timeline")
    def get(self, request: Request, article_id: int) -> Response:
        article = article_for_editor(request.user, article_id)
        return Response(EditorialArticleOutput(article, context={"request": request}).data)

    @extend_schema(request=ArticleInput, responses=EditorialArticleOutput, summary="Sửa bài / Edit a draft")
    def put(self, request: Request, article_id: int) -> Response:
        article = article_for_editor(request.user, article_id)
        payload = ArticleInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        data = payload.validated_data
        try:
            article = article_update(
                article=article,
                content=_content(article.board, data),
                actor=request.user,
                cover=data["cover"],
                remove_cover=data["remove_cover"],
            )
        except (ValidationError, PermissionDenied) as exc:
            return _problem(exc)
        return Response(EditorialArticleOutput(article, context={"request": request}).data)


class TransitionApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=TransitionInput,
        responses=EditorialArticleOutput,
        summary="Chuyển trạng thái bài: submit, approve, return, publish (publish_at để hẹn giờ), unschedule, "
        "unpublish, reopen / Editorial transition",
    )
    def post(self, request: Request, article_id: int, action: str) -> Response:
        article = article_for_editor(request.user, article_id)
        if action not in TRANSITIONS or action == "schedule":
            raise Http404
        payload = TransitionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            article = article_transition(
                article=article,
                action=action,
                actor=request.user,
                comment=payload.validated_data["comment"],
                publish_at=payload.validated_data["publish_at"],
            )
        except (ValidationError, PermissionDenied) as exc:
            return _problem(exc)
        return Response(EditorialArticleOutput(article, context={"request": request}).data)
