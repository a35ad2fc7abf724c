"""Feedback API: my threads (list, open one with JSON or multipart), a thread with its messages (author or
handler; masked name), replies, the handlers' inbox and status changes."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.feedback import selectors, services
from core.feedback.models import STATUS_CHANGES, Status, Thread
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgUnit


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class FeedbackThreadOutput(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    unit = serializers.CharField(source="unit.name")
    status = serializers.ChoiceField(choices=Status.choices)
    author = serializers.CharField()
    hide_name_from_cell = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class FeedbackMessageOutput(serializers.Serializer):
    from_handler = serializers.BooleanField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    attachments = serializers.ListField(child=serializers.CharField(), help_text="file names (download on the web)")


class FeedbackThreadDetailOutput(FeedbackThreadOutput):
    messages = FeedbackMessageOutput(many=True)


def _thread_data(thread: Thread, viewer: User, *, messages: bool = False) -> dict[str, object]:
    data: dict[str, object] = {
        "id": thread.pk, "subject": thread.subject, "unit": thread.unit, "status": thread.status,
        "author": selectors.author_name(thread, viewer), "hide_name_from_cell": thread.hide_name_from_cell,
        "created_at": thread.created_at, "updated_at": thread.updated_at,
    }  # fmt: skip
    if messages:
        data["messages"] = [
            {
                "from_handler": m.from_handler,
                "body": m.body,
                "created_at": m.created_at,
                "attachments": [a.original_name for a in m.attachments.all()],
            }
            for m in thread.messages.prefetch_related("attachments")
        ]
    return data


class FeedbackThreadInput(serializers.Serializer):
    unit_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="your cell or a committee above it")
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=5000)
    hide_name_from_cell = serializers.BooleanField(default=False)
    file = serializers.FileField(required=False)


class MyThreadsApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FeedbackThreadOutput(many=True), summary="Ý kiến của tôi / My feedback threads")
    def get(self, request: Request) -> Response:
        user = _user(request)
        threads = selectors.my_threads(user)[:100]
        return Response(FeedbackThreadOutput([_thread_data(t, user) for t in threads], many=True).data)

    @extend_schema(
        request={"application/json": FeedbackThreadInput, "multipart/form-data": FeedbackThreadInput},
        responses={201: FeedbackThreadOutput},
        summary="Gửi ý kiến, kiến nghị / Send feedback",
    )
    def post(self, request: Request) -> Response:
        payload = FeedbackThreadInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data, user = payload.validated_data, _user(request)
        member = Member.objects.select_related("cell").filter(user=user).exclude(status__in=GONE_STATUSES).first()
        if member is None:
            raise PermissionDenied("Chỉ đảng viên mới gửi được ý kiến, kiến nghị.")
        unit = OrgUnit.objects.filter(pk=data["unit_id"]).first()
        if unit is None:
            raise ValidationError({"unit_id": ["Không có đơn vị này."]})
        try:
            thread = services.thread_create(
                actor=user, unit=unit, subject=data["subject"], body=data["body"],
                hide_name_from_cell=data["hide_name_from_cell"], upload=data.get("file"), member=member,
            )  # fmt: skip
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from None
        return Response(FeedbackThreadOutput(_thread_data(thread, user)).data, status=status.HTTP_201_CREATED)


class ThreadApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=FeedbackThreadDetailOutput, summary="Một ý kiến và các trả lời / A thread with its messages"
    )
    def get(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for(request.user, thread_id)
        if thread is None:
            raise Http404
        return Response(FeedbackThreadDetailOutput(_thread_data(thread, _user(request), messages=True)).data)


class FeedbackReplyInput(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    file = serializers.FileField(required=False)


class ReplyApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={"application/json": FeedbackReplyInput, "multipart/form-data": FeedbackReplyInput},
        responses={201: FeedbackThreadDetailOutput},
        summary="Trả lời trong ý kiến / Reply in a thread",
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for(request.user, thread_id)
        if thread is None:
            raise Http404
        payload = FeedbackReplyInput(data=request.data)
        payload.is_valid(raise_exception=True)
        user = _user(request)
        try:
            services.thread_reply(actor=user, thread=thread, body=payload.validated_data["body"],
                                  upload=payload.validated_data.get("file"))  # fmt: skip
        except DjangoValidationError as exc:
            raise ValidationError({"detail": exc.messages}) from None
        except DjangoPermissionDenied:
            raise Http404 from None
        thread.refresh_from_db()
        return Response(FeedbackThreadDetailOutput(_thread_data(thread, user, messages=True)).data, status=201)


class FeedbackStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=STATUS_CHANGES)


class StatusApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=FeedbackStatusInput, responses=FeedbackThreadOutput, summary="Đổi trạng thái (cấp ủy) / Set the status"
    )
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_for(request.user, thread_id)
        if thread is None:
            raise Http404
        payload = FeedbackStatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        user = _user(request)
        try:
            thread = services.thread_set_status(actor=user, thread=thread, status=payload.validated_data["status"])
        except DjangoPermissionDenied:
            raise PermissionDenied("Chỉ cấp ủy nhận ý kiến mới đổi được trạng thái.") from None
        return Response(FeedbackThreadOutput(_thread_data(thread, user)).data)


class InboxApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=Status.values, description="lọc theo trạng thái")],
        responses=FeedbackThreadOutput(many=True),
        summary="Hộp thư ý kiến của cấp ủy / The handlers' inbox",
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", "")
        if wanted and wanted not in Status.values:
            raise ValidationError({"status": [f"Trạng thái phải là một trong: {', '.join(Status.values)}."]})
        user = _user(request)
        threads = selectors.inbox(user, wanted)[:200]
        return Response(FeedbackThreadOutput([_thread_data(t, user) for t in threads], many=True).data)
