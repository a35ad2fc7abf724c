"""Virtual assistant API: ask (answers with sources, or answered=false), forward an unanswered question to the
committee, and the knowledge base's active entries."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.pagination import ValidatedLimitOffsetPagination
from core.assistant import services
from core.assistant.forward import question_forward
from core.assistant.models import Entry, Question


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class AssistantAskInput(serializers.Serializer):
    question = serializers.CharField(max_length=500)


class AssistantMatchOutput(serializers.Serializer):
    id = serializers.IntegerField()
    question = serializers.CharField()
    answer = serializers.CharField()
    link = serializers.CharField(allow_blank=True)
    score = serializers.FloatField()


class AssistantSourceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    number = serializers.CharField(allow_blank=True)
    url = serializers.CharField()


class AssistantAskOutput(serializers.Serializer):
    question_id = serializers.IntegerField()
    answered = serializers.BooleanField(help_text="false: the assistant does not know (“không biết”)")
    message = serializers.CharField()
    matches = AssistantMatchOutput(many=True)
    documents = AssistantSourceOutput(many=True)


class AskApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AssistantAskInput, responses={200: AssistantAskOutput}, summary="Hỏi trợ lý ảo / Ask the assistant"
    )
    def post(self, request: Request) -> Response:
        payload = AssistantAskInput(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            question, answer = services.ask(user=_user(request), question=payload.validated_data["question"])
        except DjangoValidationError as exc:
            raise ValidationError({"question": exc.messages}) from None
        matches = [
            {"id": e.pk, "question": e.question, "answer": e.answer, "link": e.link, "score": h.score}
            for h, e in zip(answer.hits, answer.entries, strict=True)
        ]
        docs = [
            {"id": d.pk, "title": d.title, "number": d.number, "url": reverse("library:detail", args=[d.pk])}
            for d in answer.documents
        ]
        message = "" if answer.answered else "Trợ lý chưa biết câu trả lời; có thể gửi câu hỏi tới cấp ủy."
        data = {"question_id": question.pk, "answered": answer.answered, "message": message,
                "matches": matches if answer.answered else [], "documents": docs}  # fmt: skip
        return Response(AssistantAskOutput(data).data)


class AssistantForwardOutput(serializers.Serializer):
    thread_id = serializers.IntegerField()
    unit = serializers.CharField()


class ForwardApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={201: AssistantForwardOutput},
        summary="Gửi câu hỏi chưa trả lời tới cấp ủy / Forward an unanswered question to the committee",
    )
    def post(self, request: Request, question_id: int) -> Response:
        question = Question.objects.filter(pk=question_id, user_id=request.user.pk or 0).first()
        if question is None:
            raise Http404
        try:
            thread = question_forward(user=_user(request), question=question)
        except PermissionDenied as exc:
            raise ValidationError({"detail": [str(exc)]}) from None
        return Response({"thread_id": thread.pk, "unit": thread.unit.name}, status=status.HTTP_201_CREATED)


class AssistantEntryOutput(serializers.ModelSerializer):
    class Meta:
        model = Entry
        fields = ["id", "question", "answer", "link"]


class AssistantEntryListOutput(serializers.Serializer):
    count = serializers.IntegerField()
    results = AssistantEntryOutput(many=True)


class EntryListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[OpenApiParameter("offset", int), OpenApiParameter("limit", int)],
        responses=AssistantEntryListOutput,
        summary="Bộ câu hỏi – trả lời / The knowledge base",
    )
    def get(self, request: Request) -> Response:
        paging = ValidatedLimitOffsetPagination()
        offset, limit = paging.get_offset(request), paging.get_limit(request) or 50
        qs = Entry.objects.filter(active=True).order_by("question", "pk")
        return Response(
            AssistantEntryListOutput({"count": qs.count(), "results": list(qs[offset : offset + limit])}).data
        )
