"""Study API (phone client): my open campaigns, a campaign with my progress, mark a material read, submit my
reflection; quiz attempts (start or resume, the sheet, save one answer, submit, result); a campaign's report per
unit for committees. Services decide; refusals are 400 `{detail, code}` in Vietnamese, forbidden ids 404."""

from typing import Any, NoReturn

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.query import query, whole_number
from core.access.checks import has_perm_on
from core.access.permissions import REPORTS_VIEW
from core.content.audience import reader_for
from core.members.models import Member
from core.org.models import OrgUnit
from core.study import quiz_services, selectors, services
from core.study.common import member_of
from core.study.models import Campaign, ReflectionStatus
from core.study.quiz_models import Attempt
from core.study.reports import FIGURES, UnitFigures, campaign_report

MAX_ID = 2**63 - 1


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _member(request: Request) -> Member:
    try:
        return member_of(_user(request))
    except DjangoPermissionDenied:
        raise PermissionDenied("Chỉ đảng viên mới tham gia học tập được.") from None


def _refused(exc: DjangoValidationError) -> NoReturn:
    raise ValidationError({"detail": " ".join(exc.messages), "code": exc.code or "invalid"}) from None


def _campaign(request: Request, campaign_id: int) -> Campaign:
    campaign = selectors.campaign_for(reader_for(request.user), campaign_id)
    if campaign is None:
        raise Http404
    return campaign


class CampaignOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    materials = serializers.IntegerField(source="n_materials")
    read = serializers.IntegerField(source="n_read")
    completed = serializers.BooleanField(source="done")


class MaterialOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    document_id = serializers.IntegerField(allow_null=True)
    video_url = serializers.CharField()
    read = serializers.BooleanField()


class ReflectionOutput(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReflectionStatus.choices)
    body = serializers.CharField()
    review_comment = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    attachment = serializers.CharField(source="attachment_name")


class CampaignDetailOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    require_read = serializers.BooleanField()
    require_reflection = serializers.BooleanField()
    require_quiz = serializers.BooleanField()
    quiz_id = serializers.IntegerField(allow_null=True)
    materials = MaterialOutput(many=True)
    reflection = ReflectionOutput(allow_null=True)
    passed_quiz = serializers.BooleanField()
    completed = serializers.BooleanField()


class CampaignsApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CampaignOutput(many=True), summary="Đợt học tập đang mở của tôi / My open campaigns")
    def get(self, request: Request) -> Response:
        campaigns = selectors.home_campaigns(reader_for(request.user), limit=50)
        return Response(CampaignOutput(campaigns, many=True).data)


class CampaignApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=CampaignDetailOutput, summary="Một đợt học tập và tiến độ của tôi / A campaign")
    def get(self, request: Request, campaign_id: int) -> Response:
        campaign = _campaign(request, campaign_id)
        progress = selectors.progress(campaign, _member(request))
        data: dict[str, Any] = {
            "id": campaign.pk, "title": campaign.title, "description": campaign.description,
            "opens_at": campaign.opens_at, "closes_at": campaign.closes_at, "require_read": campaign.require_read,
            "require_reflection": campaign.require_reflection, "require_quiz": campaign.require_quiz,
            "quiz_id": campaign.quiz_id, "reflection": progress.reflection, "passed_quiz": progress.passed_quiz,
            "completed": progress.completion is not None,
            "materials": [
                {"id": m.pk, "title": m.title, "document_id": m.document_id, "video_url": m.video_url,
                 "read": m.pk in progress.read_ids} for m in progress.materials
            ],
        }  # fmt: skip
        return Response(CampaignDetailOutput(data).data)


class MaterialReadOutput(serializers.Serializer):
    created = serializers.BooleanField(help_text="false: đã đánh dấu từ trước / already marked")


class MaterialReadApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None, responses=MaterialReadOutput, summary="Đánh dấu đã đọc tài liệu / Mark a material read"
    )
    def post(self, request: Request, campaign_id: int, material_id: int) -> Response:
        campaign = _campaign(request, campaign_id)
        material = campaign.materials.filter(pk=material_id).first()
        if material is None:
            raise Http404
        try:
            created = services.material_mark_read(member=_member(request), material=material)
        except DjangoValidationError as exc:
            _refused(exc)
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response({"created": created})


class ReflectionInput(serializers.Serializer):
    body = serializers.CharField(max_length=services.MAX_REFLECTION)
    file = serializers.FileField(required=False)


class ReflectionApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={"application/json": ReflectionInput, "multipart/form-data": ReflectionInput},
        responses={201: ReflectionOutput},
        summary="Nộp bài thu hoạch / Submit my reflection",
    )
    def post(self, request: Request, campaign_id: int) -> Response:
        campaign = _campaign(request, campaign_id)
        member = _member(request)
        payload = ReflectionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            reflection = services.reflection_submit(
                actor=_user(request), member=member, campaign=campaign, body=payload.validated_data["body"],
                upload=payload.validated_data.get("file"),
            )  # fmt: skip
        except DjangoValidationError as exc:
            _refused(exc)
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response(ReflectionOutput(reflection).data, status=201)


class OptionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    correct = serializers.BooleanField(required=False, help_text="chỉ có sau khi nộp bài / only once submitted")


class SheetQuestionOutput(serializers.Serializer):
    question_id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    multiple = serializers.BooleanField()
    chosen = serializers.ListField(child=serializers.IntegerField())
    options = OptionOutput(many=True)


class AttemptOutput(serializers.Serializer):
    id = serializers.IntegerField()
    quiz_id = serializers.IntegerField()
    number = serializers.IntegerField()
    started_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    seconds_left = serializers.IntegerField(help_text="theo đồng hồ máy chủ / by the server's clock")
    submitted = serializers.BooleanField()
    score = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField()
    passed = serializers.BooleanField()
    questions = SheetQuestionOutput(many=True)


def _attempt_data(attempt: Attempt) -> dict[str, Any]:
    done = attempt.submitted_at is not None
    left = 0 if done else max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return {
        "id": attempt.pk, "quiz_id": attempt.quiz_id, "number": attempt.number, "started_at": attempt.started_at,
        "deadline": attempt.deadline, "seconds_left": left, "submitted": done, "score": attempt.score,
        "total": attempt.total, "passed": attempt.passed,
        "questions": selectors.attempt_sheet(attempt, reveal=selectors.answers_shown(attempt)),
    }  # fmt: skip


class AttemptStartApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={200: AttemptOutput, 201: AttemptOutput},
        summary="Bắt đầu hoặc làm tiếp bài thi / Start or resume a quiz attempt",
    )
    def post(self, request: Request, quiz_id: int) -> Response:
        member = _member(request)
        quiz = selectors.quiz_for(member, quiz_id)
        if quiz is None:
            raise Http404
        try:
            attempt, new = quiz_services.attempt_start(actor=_user(request), member=member, quiz=quiz)
        except DjangoValidationError as exc:
            _refused(exc)
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response(AttemptOutput(_attempt_data(attempt)).data, status=201 if new else 200)


def _attempt(request: Request, attempt_id: int) -> tuple[Member, Attempt]:
    member = _member(request)
    attempt = selectors.attempt_of(member, attempt_id)
    if attempt is None:
        raise Http404
    return member, attempt


class AttemptApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=AttemptOutput, summary="Lượt làm bài và kết quả / An attempt and its result")
    def get(self, request: Request, attempt_id: int) -> Response:
        attempt = _attempt(request, attempt_id)[1]
        attempt = quiz_services.attempt_close_if_expired(attempt=attempt)
        return Response(AttemptOutput(_attempt_data(attempt)).data)


class AnswerInput(serializers.Serializer):
    question_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    chosen = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        max_length=20,
        allow_empty=True,
        required=False,
        default=list,
        help_text="các phương án chọn; rỗng = bỏ chọn / chosen options; empty clears the answer",
    )


class AnswerOutput(serializers.Serializer):
    saved_at = serializers.DateTimeField()


class AnswerApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=AnswerInput,
        responses=AnswerOutput,
        summary="Lưu một câu trả lời (lưu lại được nhiều lần) / Save one answer (idempotent)",
    )
    def post(self, request: Request, attempt_id: int) -> Response:
        payload = AnswerInput(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            saved = quiz_services.answer_save(
                member=_member(request), attempt_id=attempt_id, question_id=data["question_id"], chosen=data["chosen"]
            )
        except DjangoValidationError as exc:
            _refused(exc)
        except DjangoPermissionDenied:
            raise Http404 from None
        return Response({"saved_at": saved})


class SubmitApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=AttemptOutput, summary="Nộp bài (nộp lại không chấm lần hai) / Submit")
    def post(self, request: Request, attempt_id: int) -> Response:
        member = _member(request)
        try:
            attempt = quiz_services.attempt_submit(actor=_user(request), member=member, attempt_id=attempt_id)
        except DjangoPermissionDenied:
            raise Http404 from None
        attempt = selectors.attempt_of(member, attempt.pk) or attempt
        return Response(AttemptOutput(_attempt_data(attempt)).data)


class ReportQuery(serializers.Serializer):
    unit = whole_number("unit", default=None, low=1, high=MAX_ID, help_text="đơn vị (mặc định: đơn vị tổ chức)")


class ReportRowOutput(serializers.Serializer):
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()
    members = serializers.IntegerField()
    read_all = serializers.IntegerField()
    reflections = serializers.IntegerField()
    accepted = serializers.IntegerField()
    completed = serializers.IntegerField()
    quiz_takers = serializers.IntegerField()
    passed = serializers.IntegerField()
    pass_rate = serializers.FloatField(allow_null=True)
    avg_score = serializers.FloatField(allow_null=True)


class ReportOutput(serializers.Serializer):
    total = ReportRowOutput()
    units = ReportRowOutput(many=True)


def _row(f: UnitFigures) -> dict[str, Any]:
    counts = {name: f.counts[name] for name in FIGURES}
    return {"unit_id": f.unit.pk, "unit": f.unit.name, **counts, "pass_rate": f.pass_rate, "avg_score": f.avg_score}


class ReportApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[ReportQuery],
        responses=ReportOutput,
        summary="Báo cáo đợt học tập theo đơn vị / A campaign's report per unit",
    )
    def get(self, request: Request, campaign_id: int) -> Response:
        params = query(ReportQuery, request)
        campaign = Campaign.objects.filter(pk=campaign_id).select_related("unit").first()
        if campaign is None:
            raise Http404
        unit = OrgUnit.objects.filter(pk=params["unit"]).first() if params["unit"] else campaign.unit
        if unit is None or not has_perm_on(request.user, REPORTS_VIEW, unit):
            raise Http404
        own, rows = campaign_report(campaign, unit)
        return Response(ReportOutput({"total": _row(own), "units": [_row(r) for r in rows]}).data)
