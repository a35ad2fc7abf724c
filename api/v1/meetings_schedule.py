"""Meetings API, schedule area: documents of a meeting (listed in MeetingOutput, downloaded with the token) and
the caller's own notifications (list, mark read)."""

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
from core.meetings.models import MeetingDocument, Notification
from core.meetings.schedule_views import document_response
from core.meetings.selectors_schedule import document_for_reader, notifications_of, unread_count
from core.meetings.services import inbox

PAGE_SIZE = 50


class DocumentOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = MeetingDocument
        fields = ["id", "title", "size", "url"]

    def get_url(self, document: MeetingDocument) -> str:
        """The API download (token auth); the web page links /sinh-hoat/tai-lieu/<id>/ instead."""
        return reverse("api:meeting_document", kwargs={"document_id": document.pk})


class DocumentApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Tải tài liệu buổi sinh hoạt / Download a meeting document",
    )
    def get(self, request: Request, document_id: int) -> FileResponse:
        document = document_for_reader(request.user, document_id)
        if document is None:
            raise Http404
        return document_response(document)


class NotificationOutput(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "text", "url", "created_at", "read_at", "read"]

    def get_read(self, note: Notification) -> bool:
        return note.read_at is not None


class NotificationListOutput(serializers.Serializer):
    unread = serializers.IntegerField()
    count = serializers.IntegerField()
    results = NotificationOutput(many=True)


class NotificationReadInput(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=500)


class NotificationReadOutput(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class PageQuery(serializers.Serializer):
    offset = offset_field()


class NotificationListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[PageQuery],
        responses=NotificationListOutput,
        summary="Thông báo của tôi / My notifications",
    )
    def get(self, request: Request) -> Response:
        offset = query(PageQuery, request)["offset"]
        mine = notifications_of(request.user)
        data = {
            "unread": unread_count(request.user),
            "count": mine.count(),
            "results": list(mine[offset : offset + PAGE_SIZE]),
        }
        return Response(NotificationListOutput(data).data)


class NotificationReadApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=NotificationReadInput,
        responses=NotificationReadOutput,
        summary="Đánh dấu đã đọc (tất cả, hoặc các id) / Mark notifications read (all, or ids)",
    )
    def post(self, request: Request) -> Response:
        payload = NotificationReadInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        marked = inbox.notifications_mark_read(user=request.user, ids=payload.validated_data.get("ids"))
        return Response({"marked": marked, "unread": unread_count(request.user)})
