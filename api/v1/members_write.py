"""Member records API: add a member, edit the profile, record status changes (and read the history), mark
"no smartphone", and the file (work history, rewards, disciplines). Thin views over core/members services: a
service's ValidationError is a 400 {detail, code} in Vietnamese, its PermissionDenied a 403; members outside the
caller's scope are a 404 like missing ones. Sensitive fields follow core/members/sensitive.py (null when hidden).
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.access.checks import access_object, has_perm_anywhere
from core.access.permissions import MEMBERS_MANAGE, MEMBERS_VIEW
from core.members.enrolment import member_create
from core.members.models import (
    PROFILE_FIELDS,
    DisciplineForm,
    ExemptReason,
    Member,
    MemberStatusChange,
    StatusEvent,
)
from core.members.record_services import DecisionInput, discipline_add, reward_add, work_period_add
from core.members.sensitive import may_see
from core.members.services import member_update
from core.members.status import StatusInput, member_smartphone_set, member_status_change, status_history
from core.org.selectors import unit_by_code

NO_PERMISSION = "Đồng chí không có quyền thực hiện thao tác này."


class MemberWriteApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            return Response({"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}, status=400)
        if isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or NO_PERMISSION)
        return super().handle_exception(exc)

    def actor(self) -> User:
        assert isinstance(self.request.user, User)
        return self.request.user

    def member(self, member_id: int) -> Member:
        qs = Member.objects.select_related("cell")
        return access_object(qs, member_id, self.request.user, MEMBERS_VIEW, "cell__path")


def valid(serializer_class: type[serializers.Serializer], data: Any, partial: bool = False) -> dict[str, Any]:
    payload = serializer_class(data=data, partial=partial)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


class ProfileInput(serializers.ModelSerializer):
    # Codes, checked against the official lists by the service (the lists are not repeated in the schema).
    ethnicity = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="mã dân tộc 01–54 (danh mục của Tổng cục Thống kê)"
    )
    religion = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="mã tôn giáo: 00 = không, 01–16 theo danh mục"
    )

    class Meta:
        model = Member
        fields = list(PROFILE_FIELDS)
        # uniqueness of the card number is checked by the service (full_clean), also on PATCH
        extra_kwargs: dict[str, Any] = {"party_card_number": {"validators": []}}


class MemberCreateInput(ProfileInput):
    cell = serializers.CharField(max_length=32, help_text="mã chi bộ / tổ đảng")
    joined = serializers.ChoiceField(
        choices=[StatusEvent.ENTERED, StatusEvent.ADMITTED, StatusEvent.TRANSFERRED_IN], default=StatusEvent.ENTERED
    )
    place = serializers.CharField(max_length=200, required=False, default="", help_text="chuyển đến từ đâu")

    class Meta(ProfileInput.Meta):
        fields = [*PROFILE_FIELDS, "cell", "joined", "place"]


class CreatedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class StatusInputSerializer(serializers.Serializer):
    event = serializers.ChoiceField(
        choices=[e for e in StatusEvent.values if e not in ("entered", "admitted", "imported")]
    )
    on = serializers.DateField()
    until = serializers.DateField(required=False, allow_null=True)
    exempt_reason = serializers.ChoiceField(
        choices=ExemptReason.choices, required=False, allow_blank=True, default="", help_text="khi miễn sinh hoạt"
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    decision_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class StatusChangeOutput(serializers.ModelSerializer):
    class Meta:
        model = MemberStatusChange
        fields = [
            "id", "event", "status_before", "status_after", "on", "until", "exempt_reason", "place",
            "decision_number", "decision_date", "note", "created_at",
        ]  # fmt: skip


class SmartphoneInput(serializers.Serializer):
    has_smartphone = serializers.BooleanField()


class MemberCreateApi(MemberWriteApi):
    @extend_schema(
        request=MemberCreateInput,
        responses={201: CreatedOutput},
        summary="Thêm đảng viên / Add a member",
    )
    def post(self, request: Request) -> Response:
        if not has_perm_anywhere(request.user, MEMBERS_MANAGE):  # the right first, then the body
            raise exceptions.PermissionDenied(NO_PERMISSION)
        data = valid(MemberCreateInput, request.data)
        cell = unit_by_code(data.pop("cell").strip())
        if cell is None:
            raise DjangoValidationError("Không có chi bộ với mã này.", code="bad_cell")
        joined, place = data.pop("joined"), data.pop("place")
        member = member_create(cell=cell, values=data, actor=self.actor(), event=joined, place=place)
        return Response(CreatedOutput(member).data, status=201)


class MemberUpdateApi(MemberWriteApi):
    @extend_schema(
        request=ProfileInput,
        responses={200: CreatedOutput},
        summary="Sửa hồ sơ đảng viên (chỉ các mục gửi lên) / Update a member's profile (fields sent only)",
    )
    def patch(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        data = valid(ProfileInput, request.data, partial=True)
        member = member_update(member=member, values=data, actor=self.actor())
        return Response(CreatedOutput(member).data)


class MemberStatusApi(MemberWriteApi):
    @extend_schema(responses=StatusChangeOutput(many=True), summary="Lịch sử trạng thái / Status history")
    def get(self, request: Request, member_id: int) -> Response:
        return Response(StatusChangeOutput(status_history(self.member(member_id)), many=True).data)

    @extend_schema(
        request=StatusInputSerializer,
        responses={201: StatusChangeOutput},
        summary="Ghi thay đổi trạng thái / Record a status change",
    )
    def post(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        data = valid(StatusInputSerializer, request.data)
        data["reason"] = data.pop("exempt_reason")
        change = member_status_change(member=member, data=StatusInput(**data), actor=self.actor())
        return Response(StatusChangeOutput(change).data, status=201)


class MemberSmartphoneApi(MemberWriteApi):
    @extend_schema(
        request=SmartphoneInput,
        responses={200: CreatedOutput},
        summary="Ghi có/không có điện thoại thông minh / Mark whether the member has a smartphone",
    )
    def post(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        flag = valid(SmartphoneInput, request.data)["has_smartphone"]
        member = member_smartphone_set(member=member, has_smartphone=flag, actor=self.actor())
        return Response(CreatedOutput(member).data)


# --- the file: work history, rewards, disciplines ---------------------------------------------------------------


class WorkInput(serializers.Serializer):
    started_on = serializers.DateField()
    ended_on = serializers.DateField(required=False, allow_null=True)
    position = serializers.CharField(max_length=200)
    workplace = serializers.CharField(max_length=200)


class DecisionInputSerializer(serializers.Serializer):
    form = serializers.CharField(max_length=200, help_text=f"kỷ luật: một trong {', '.join(DisciplineForm.values)}")
    decision_number = serializers.CharField(max_length=50)
    decision_date = serializers.DateField()
    issued_by = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class WorkOutput(serializers.Serializer):
    id = serializers.IntegerField()
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    position = serializers.CharField()
    workplace = serializers.CharField()


class DecisionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    form = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    issued_by = serializers.CharField()
    reason = serializers.CharField()


class FileOutput(serializers.Serializer):
    work = WorkOutput(many=True)
    rewards = DecisionOutput(many=True)
    disciplines = DecisionOutput(many=True, allow_null=True, help_text="null: đồng chí không có quyền xem kỷ luật")


class MemberFileApi(MemberWriteApi):
    @extend_schema(
        responses=FileOutput, summary="Quá trình công tác, khen thưởng, kỷ luật / Work, rewards, disciplines"
    )
    def get(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        sees = may_see(request.user, member, "discipline")
        data = {
            "work": member.work_periods.all(),
            "rewards": member.rewards.all(),
            "disciplines": member.disciplines.all() if sees else None,
        }
        return Response(FileOutput(data).data)


class MemberWorkApi(MemberWriteApi):
    @extend_schema(request=WorkInput, responses={201: WorkOutput}, summary="Thêm quá trình công tác / Add work")
    def post(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        period = work_period_add(member=member, actor=self.actor(), **valid(WorkInput, request.data))
        return Response(WorkOutput(period).data, status=201)


class MemberRewardApi(MemberWriteApi):
    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionOutput}, summary="Thêm khen thưởng")
    def post(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        data = DecisionInput(**valid(DecisionInputSerializer, request.data))
        return Response(DecisionOutput(reward_add(member=member, data=data, actor=self.actor())).data, status=201)


class MemberDisciplineApi(MemberWriteApi):
    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionOutput}, summary="Thêm kỷ luật")
    def post(self, request: Request, member_id: int) -> Response:
        member = self.member(member_id)
        data = DecisionInput(**valid(DecisionInputSerializer, request.data))
        return Response(DecisionOutput(discipline_add(member=member, data=data, actor=self.actor())).data, status=201)


# --- one view per route: reads from api/v1/members.py, writes from here ------------------------------------------


def _combined() -> tuple[type[TenantAPIView], type[TenantAPIView]]:
    from api.v1.members import MemberDetailApi, MemberListApi

    class MemberCollectionApi(MemberCreateApi, MemberListApi):
        """GET: search members in scope; POST: add a member."""

    class MemberResourceApi(MemberUpdateApi, MemberDetailApi):
        """GET: a member's profile; PATCH: update it."""

    return MemberCollectionApi, MemberResourceApi


MemberCollectionApi, MemberResourceApi = _combined()
