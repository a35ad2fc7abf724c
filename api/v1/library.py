"""Library API for members (phone client): list and search (with filters, read/new/bookmark markers), a document
(marks it read), attachment download, bookmarks. Scoped like the pages: a document outside the caller's audience,
unpublished, missing or of another tenant is a 404."""

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
from api.query import offset_field, query, whole_number
from core.content.audience import audience_label, reader_for
from core.library import reading
from core.library.models import Attachment, Document, DocumentKind, DocumentLevel
from core.library.selectors import Filters, attachment_for_reader, document_for_reader, is_bookmarked, library_page
from core.library.views import attachment_file, opened

LIMIT = 20


class LibraryDocumentItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    level = serializers.ChoiceField(choices=DocumentLevel.choices)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    heading = serializers.CharField(help_text="“Nghị quyết 57-NQ/TW”")
    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    issuer = serializers.CharField()
    published_at = serializers.DateTimeField()
    read = serializers.BooleanField()
    new = serializers.BooleanField(help_text="published since the caller's previous visit")
    bookmarked = serializers.BooleanField()


class LibraryDocumentPageOutput(serializers.Serializer):
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    has_more = serializers.BooleanField()
    searched = serializers.BooleanField(help_text="results ordered by relevance")
    results = LibraryDocumentItemOutput(many=True)


class LibraryAttachmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class LibraryDocumentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    level = serializers.ChoiceField(choices=DocumentLevel.choices)
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    heading = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    issuer = serializers.CharField()
    summary = serializers.CharField()
    body = serializers.CharField()
    audience = serializers.CharField()
    published_at = serializers.DateTimeField()
    bookmarked = serializers.BooleanField()
    attachments = LibraryAttachmentOutput(many=True)


class LibraryBookmarkInput(serializers.Serializer):
    on = serializers.BooleanField(help_text="true: bookmark; false: remove the bookmark")


class LibraryBookmarkOutput(serializers.Serializer):
    bookmarked = serializers.BooleanField()


class LibraryQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        help_text="tìm theo số, trích yếu, tóm tắt, toàn văn; không dấu được",
    )
    level = serializers.ChoiceField(choices=DocumentLevel.choices, required=False, help_text="cấp ban hành")
    kind = serializers.ChoiceField(choices=DocumentKind.choices, required=False, help_text="loại văn bản")
    year = whole_number("year", default=None, low=1, high=9999, help_text="năm ban hành")
    offset = offset_field()


def _page(request: Request, *, bookmarked: bool) -> Response:
    assert isinstance(request.user, User)
    params = query(LibraryQuery, request)
    filters = Filters(
        q=params["q"][:200],
        level=params.get("level", ""),
        kind=params.get("kind", ""),
        year=params["year"],
        bookmarked=bookmarked,
    )
    offset = params["offset"]
    since = opened(request.user, filters, offset) if not bookmarked else None
    page = library_page(reader_for(request.user), filters, offset, new_since=since)
    new = page.new if not bookmarked else set()
    results = [
        {
            **{f: getattr(d, f) for f in ("id", "level", "kind", "heading", "number", "title", "issued_on", "issuer")},
            "published_at": d.published_at,
            "read": d.pk in page.read,
            "new": d.pk in new,
            "bookmarked": d.pk in page.bookmarked,
        }
        for d in page.items
    ]
    data = {"offset": page.offset, "limit": LIMIT, "has_more": page.has_more, "searched": page.searched}
    return Response(LibraryDocumentPageOutput({**data, "results": results}).data)


class DocumentListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[LibraryQuery],
        responses=LibraryDocumentPageOutput,
        operation_id="documents_list",
        summary="Văn bản của tôi: danh sách, tìm kiếm / My documents: list and search",
    )
    def get(self, request: Request) -> Response:
        return _page(request, bookmarked=False)


class BookmarkListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[LibraryQuery],
        responses=LibraryDocumentPageOutput,
        operation_id="documents_bookmarks_list",
        summary="Văn bản đã lưu / My bookmarked documents",
    )
    def get(self, request: Request) -> Response:
        return _page(request, bookmarked=True)


def _attachment(document: Document, attachment: Attachment) -> dict[str, object]:
    url = reverse("api:document_attachment", kwargs={"document_id": document.pk, "attachment_id": attachment.pk})
    return {
        **{f: getattr(attachment, f) for f in ("id", "title", "original_name", "content_type", "size")},
        "url": url,
    }


class DocumentApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=LibraryDocumentOutput, summary="Một văn bản (đánh dấu đã đọc) / A document (marks it read)"
    )
    def get(self, request: Request, document_id: int) -> Response:
        reader = reader_for(request.user)
        document = document_for_reader(reader, document_id)
        if document is None:
            raise Http404
        reading.document_read(document=document, reader=reader)
        fields = ("id", "level", "kind", "heading", "number", "title", "issued_on", "issuer", "summary", "body")
        data = {
            **{f: getattr(document, f) for f in fields},
            "published_at": document.published_at,
            "audience": audience_label(document.audience_unit),
            "bookmarked": is_bookmarked(reader.user_id, document),
            "attachments": [_attachment(document, a) for a in document.attachments.all()],
        }
        return Response(LibraryDocumentOutput(data).data)


class BookmarkApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=LibraryBookmarkInput, responses=LibraryBookmarkOutput, summary="Lưu / bỏ lưu văn bản / Bookmark"
    )
    def post(self, request: Request, document_id: int) -> Response:
        payload = LibraryBookmarkInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        document = document_for_reader(reader_for(request.user), document_id)
        if document is None:
            raise Http404
        on = reading.bookmark_set(document=document, user=request.user, on=payload.validated_data["on"])
        return Response({"bookmarked": on})


class AttachmentApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        summary="Tải tệp đính kèm của văn bản / Download a document's attachment",
    )
    def get(self, request: Request, document_id: int, attachment_id: int) -> FileResponse:
        attachment = attachment_for_reader(reader_for(request.user), document_id, attachment_id)
        if attachment is None:
            raise Http404
        return attachment_file(attachment)
