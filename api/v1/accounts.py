"""Accounts API: token refresh, password change, device registration, my profile and my cell, bulk issuance."""

import contextlib
from typing import Any

from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.access.checks import has_perm_on
from core.access.permissions import ACCOUNTS_ISSUE
from core.accounts.activity import device_register
from core.accounts.issuance import issuance_start
from core.accounts.issue_jobs import CacheUnavailable, IssueJob, job_get
from core.accounts.middleware import MUST_CHANGE_SESSION_KEY, allowed_during_password_change
from core.accounts.models import ApiToken, DeviceKind
from core.accounts.selectors import cell_leaders
from core.accounts.services import account_password_change
from core.accounts.tokens import token_issue, token_rotate
from core.members.models import GONE_STATUSES, Member
from core.org.models import OrgUnit

INACTIVE_STATUSES = GONE_STATUSES


def _user(request: Request) -> User:
    assert isinstance(request.user, User)  # IsAuthenticated ran
    return request.user


class RefreshedTokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi trong header `Authorization: Bearer <token>`")
    expires_at = serializers.DateTimeField()


# --- Token refresh ---------------------------------------------------------------------------------------------


class TokenRefreshApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={201: RefreshedTokenOutput, 400: OpenApiResponse(description="Not authenticated with a token")},
        summary="Đổi mã truy cập mới, thu hồi mã cũ / Rotate the token (the old one is revoked)",
    )
    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):
            raise ValidationError({"detail": "Chỉ dùng được khi đăng nhập bằng mã truy cập (token)."})
        try:
            token, raw = token_rotate(request.auth)
        except ApiToken.DoesNotExist:
            raise NotFound("Mã truy cập đã bị thu hồi.") from None
        return Response(
            RefreshedTokenOutput({"token": raw, "expires_at": token.expires_at}).data, status=status.HTTP_201_CREATED
        )


# --- Password change -------------------------------------------------------------------------------------------


class PasswordChangeInput(serializers.Serializer):
    old_password = serializers.CharField(
        style={"input_type": "password"},
        required=False,
        allow_blank=True,
        help_text="Mật khẩu hiện tại (bỏ trống khi vừa đăng nhập bằng mã kích hoạt) / current password (empty right "
        "after logging in with an activation code)",
    )
    new_password = serializers.CharField(style={"input_type": "password"}, help_text="Mật khẩu mới")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user: User = self.context["user"]
        old = attrs.get("old_password", "")
        if user.has_usable_password() and not user.check_password(old):
            raise ValidationError({"old_password": "Mật khẩu hiện tại không đúng."})
        if old and old == attrs["new_password"]:
            raise ValidationError({"new_password": "Mật khẩu mới phải khác mật khẩu hiện tại."})
        try:
            password_validation.validate_password(attrs["new_password"], user)
        except DjangoValidationError as error:
            raise ValidationError({"new_password": list(error.messages)}) from None
        return attrs


class PasswordChangeOutput(serializers.Serializer):
    detail = serializers.CharField()
    token = serializers.CharField(
        allow_null=True, help_text="Mã truy cập mới (mọi mã cũ của tài khoản đã bị thu hồi); null khi dùng phiên web"
    )
    expires_at = serializers.DateTimeField(allow_null=True)


@allowed_during_password_change
class PasswordChangeApi(TenantAPIView):
    """Reachable with a restricted token (must_change_password): the one way out of that state."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=PasswordChangeInput,
        responses={200: PasswordChangeOutput},
        summary="Đổi mật khẩu (bắt buộc khi đăng nhập lần đầu) / Change password (required at first login)",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        data = PasswordChangeInput(data=request.data, context={"user": user})
        data.is_valid(raise_exception=True)
        label = request.auth.label if isinstance(request.auth, ApiToken) else ""
        account_password_change(user=user, password=data.validated_data["new_password"])
        out: dict[str, Any] = {"detail": "Đã đổi mật khẩu.", "token": None, "expires_at": None}
        if isinstance(request.auth, ApiToken):
            token, raw = token_issue(user=user, label=label)
            out |= {"token": raw, "expires_at": token.expires_at}
        else:
            update_session_auth_hash(request._request, user)
            request._request.session.pop(MUST_CHANGE_SESSION_KEY, None)
        return Response(PasswordChangeOutput(out).data)


# --- Devices ---------------------------------------------------------------------------------------------------


class DeviceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeviceKind.choices, help_text="pwa | android | ios")
    device_id = serializers.RegexField(
        r"^[A-Za-z0-9._:-]{8,100}$", help_text="Mã thiết bị do ứng dụng tự sinh, cố định cho mỗi lần cài đặt"
    )
    label = serializers.CharField(  # type: ignore[assignment]  # a field named like Field.label
        max_length=100, required=False, allow_blank=True, help_text="Tên thiết bị"
    )


class DeviceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    device_id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    first_seen_at = serializers.DateTimeField()
    created = serializers.BooleanField(help_text="true khi thiết bị được ghi nhận lần đầu")


class DeviceRegisterApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=DeviceInput,
        responses={201: DeviceOutput, 200: DeviceOutput},
        summary="Ghi nhận thiết bị đã cài ứng dụng / Register an installed device (idempotent)",
    )
    def post(self, request: Request) -> Response:
        data = DeviceInput(data=request.data)
        data.is_valid(raise_exception=True)
        reg = device_register(
            user=_user(request),
            kind=data.validated_data["kind"],
            device_id=data.validated_data["device_id"],
            label=data.validated_data.get("label", ""),
        )
        d = reg.device
        body = {
            "id": d.pk,
            "kind": d.kind,
            "device_id": d.device_id,
            "label": d.label,
            "first_seen_at": d.first_seen_at,
            "created": reg.created,
        }
        return Response(DeviceOutput(body).data, status=status.HTTP_201_CREATED if reg.created else status.HTTP_200_OK)


# --- Me: profile and cell --------------------------------------------------------------------------------------


class CellRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class ProfileOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    party_card_number = serializers.CharField()
    date_of_birth = serializers.DateField()
    sex = serializers.CharField()
    admitted_on = serializers.DateField()
    official_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()
    status_label = serializers.CharField()
    exempt_reason = serializers.CharField()
    phone = serializers.CharField()
    citizen_id = serializers.CharField(help_text="Số CCCD của chính bạn")
    cell = CellRef()


def _my_member(request: Request) -> Member:
    member = Member.objects.select_related("cell").filter(user=_user(request)).first()
    if member is None:
        raise NotFound("Tài khoản này không gắn với hồ sơ đảng viên nào.")
    return member


class MyProfileApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ProfileOutput, summary="Hồ sơ đảng viên của tôi / My member profile")
    def get(self, request: Request) -> Response:
        m = _my_member(request)
        body = {
            "id": m.pk,
            "full_name": m.full_name,
            "party_card_number": m.party_card_number,
            "date_of_birth": m.date_of_birth,
            "sex": m.sex,
            "admitted_on": m.admitted_on,
            "official_on": m.official_on,
            "status": m.status,
            "status_label": m.get_status_display(),
            "exempt_reason": m.exempt_reason,
            "phone": m.phone,
            "citizen_id": m.citizen_id,
            "cell": {"id": m.cell.pk, "code": m.cell.code, "name": m.cell.name},
        }
        return Response(ProfileOutput(body).data)


class LeaderOutput(serializers.Serializer):
    role = serializers.CharField()
    name = serializers.CharField()


class CellMemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class MyCellOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    leaders = LeaderOutput(many=True, help_text="Bí thư, phó bí thư chi bộ")
    member_count = serializers.IntegerField()
    members = CellMemberOutput(many=True, help_text="Chỉ họ tên: không có số CCCD, số điện thoại của người khác")


class MyCellApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MyCellOutput, summary="Chi bộ của tôi / My party cell")
    def get(self, request: Request) -> Response:
        cell = _my_member(request).cell
        roster = list(
            Member.objects.filter(cell=cell)
            .exclude(status__in=INACTIVE_STATUSES)
            .order_by("name_folded", "pk")
            .values("id", "full_name")
        )
        body = {
            "id": cell.pk,
            "code": cell.code,
            "name": cell.name,
            "leaders": [{"role": role, "name": name} for role, name in cell_leaders(cell)],
            "member_count": len(roster),
            "members": roster,
        }
        return Response(MyCellOutput(body).data)


# --- Bulk issuance ---------------------------------------------------------------------------------------------


class IssueInput(serializers.Serializer):
    unit = serializers.CharField(max_length=32, help_text="Mã tổ chức đảng")
    include_without_smartphone = serializers.BooleanField(default=False)


class IssueJobOutput(serializers.Serializer):
    task_id = serializers.CharField()
    unit = serializers.CharField()
    state = serializers.CharField(help_text="queued | running | done | failed")
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    issued = serializers.IntegerField()
    percent = serializers.IntegerField()
    slips_url = serializers.CharField(
        help_text="Trang in phiếu mã kích hoạt theo chi bộ (trên web, trong 12 giờ, cho người đã cấp)"
    )


class IssuanceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Tiến độ cấp tài khoản tạm thời không xem được (hệ thống gián đoạn); vui lòng thử lại sau."
    default_code = "cache_unavailable"


def _job_body(request: Request, job: IssueJob) -> dict[str, Any]:
    return {
        "task_id": job.id,
        "unit": job.unit_code,
        "state": job.state,
        "total": job.total,
        "done": job.done,
        "issued": job.issued,
        "percent": job.percent,
        "slips_url": request.build_absolute_uri(reverse("accounts:issue_job", args=[job.id])),
    }


class IssueStartApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=IssueInput,
        responses={202: IssueJobOutput},
        summary="Cấp tài khoản cho đảng viên của một đơn vị / Issue accounts for a unit's members",
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        data = IssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        unit = OrgUnit.objects.filter(code=data.validated_data["unit"]).first()
        if unit is None or not has_perm_on(user, ACCOUNTS_ISSUE, unit):
            raise NotFound
        try:
            job = issuance_start(
                unit=unit, actor=user, include_without_smartphone=data.validated_data["include_without_smartphone"]
            )
        except DjangoPermissionDenied:
            raise NotFound from None
        except DjangoValidationError as error:
            raise ValidationError({"detail": list(error.messages)}) from None
        with contextlib.suppress(CacheUnavailable):
            job = job_get(job.id) or job  # it may have run already (in-process when the cache is not shared)
        return Response(IssueJobOutput(_job_body(request, job)).data, status=status.HTTP_202_ACCEPTED)


class IssueProgressApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=IssueJobOutput, summary="Tiến độ cấp tài khoản / Issuance progress")
    def get(self, request: Request, task_id: str) -> Response:
        try:
            job = job_get(task_id)
        except CacheUnavailable:
            raise IssuanceUnavailable from None
        if job is None or not job.belongs_to(request.user):
            raise Http404
        return Response(IssueJobOutput(_job_body(request, job)).data)
