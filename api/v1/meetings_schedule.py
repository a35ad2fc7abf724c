"""Meetings API, schedule area: documents of a meeting (listed in MeetingOutput, downloaded with the token).
The caller's notifications moved to api/v1/notifications.py."""

from django.http import FileResponse, Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request

from api.base import TenantAPIView
from core.meetings.models import MeetingDocument
from core.meetings.schedule_views import document_response
from core.meetings.selectors_schedule import document_for_reader

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
