"""Token login/logout and `me` for the phone client.

Token login accepts a phone number, a party card number (core/accounts/backends.py) or a username. It
records the login (first/last login, an access) explicitly. A member whose unit is not rolled out gets 403
`unit_not_rolled_out` (tenants/rollout/gating.py). An account that must change its password gets a
restricted token that only reaches POST /api/v1/auth/password/ (and logout) until the password is changed.
"""

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from api.base import TenantAPIView
from core.accounts.activity import access_recorded, login_recorded
from core.accounts.middleware import allowed_during_password_change
from core.accounts.models import ApiToken
from core.accounts.throttle import (
    THROTTLED_ACCOUNT,
    THROTTLED_SOURCE,
    Refusal,
    login_failed,
    login_refusal,
    login_succeeded,
)
from core.accounts.tokens import token_issue
from tenants.db.schema import current_schema
from tenants.rollout.gating import UnitNotRolledOut
from tenants.two_factor.policy import token_login_refusal


class TokenLoginInput(serializers.Serializer):
    username = serializers.CharField(
        help_text="Số điện thoại, số thẻ đảng hoặc tên đăng nhập / phone number, party card number or username"
    )
    password = serializers.CharField(style={"input_type": "password"})
    device = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Tên thiết bị (tuỳ chọn) / device label"
    )
    otp_token = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="Mã xác thực hai bước, khi tài khoản đã bật / two-factor code, when the account uses it",
    )


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi trong header `Authorization: Bearer <token>`")
    expires_at = serializers.DateTimeField()
    password_change_required = serializers.BooleanField(
        help_text="true: phải đổi mật khẩu (POST /api/v1/auth/password/) trước khi dùng các chức năng khác"
    )


class LoginRefusedOutput(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(
        help_text="login_throttled_source: nơi này thử sai quá nhiều lần; login_throttled_account: tài khoản đang bị "
        "thử mật khẩu, chỉ thiết bị/nơi đã đăng nhập trước đây được thử / this source tried too often; the account "
        "is under attack and only sources that logged in to it before may try"
    )


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    email = serializers.EmailField(allow_null=True, help_text="null khi tài khoản chưa có email")
    tenant = serializers.CharField(help_text="Mã đảng bộ (schema)")


class DangerouslyPublicTokenLoginApi(TenantAPIView):
    """Public by design: this is where a client without a token gets one."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        request=TokenLoginInput,
        responses={
            201: TokenOutput,
            401: OpenApiResponse(description="Sai tên đăng nhập hoặc mật khẩu / wrong identifier or password"),
            429: LoginRefusedOutput,
        },
        summary="Đăng nhập, nhận mã truy cập / Log in and get a token",
    )
    def post(self, request: Request) -> Response:
        data = TokenLoginInput(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        refusal = login_refusal(request._request, username)
        if refusal is not None:
            detail = THROTTLED_SOURCE if refusal is Refusal.SOURCE else THROTTLED_ACCOUNT
            with translation.override("vi"):  # the API answers in Vietnamese
                body = {"detail": str(detail), "code": f"login_throttled_{refusal.value}"}
            return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS)
        try:
            user = authenticate(request._request, username=username, password=data.validated_data["password"])
        except UnitNotRolledOut as refused:  # right password, but the member's unit is not rolled out
            login_succeeded(request._request, username)
            return Response(refused.gate.as_api(), status=status.HTTP_403_FORBIDDEN)
        if user is None:
            login_failed(request._request, username)
            return Response({"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}, status=status.HTTP_401_UNAUTHORIZED)
        second_factor = token_login_refusal(request._request, user, data.validated_data.get("otp_token", ""))
        if second_factor is not None:  # right password, second factor missing or wrong
            return Response(second_factor, status=status.HTTP_403_FORBIDDEN)
        login_succeeded(request._request, username)
        must_change = login_recorded(user)
        access_recorded(user.pk)
        token, raw = token_issue(user=user, label=data.validated_data.get("device", ""), restricted=must_change)
        return Response(
            TokenOutput({"token": raw, "expires_at": token.expires_at, "password_change_required": must_change}).data,
            status=status.HTTP_201_CREATED,
        )


@allowed_during_password_change
class TokenLogoutApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None}, summary="Thu hồi mã truy cập đang dùng / Revoke this token")
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeOutput, summary="Tài khoản đang đăng nhập / Current account")
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)  # IsAuthenticated ran
        return Response(
            MeOutput(
                {
                    "id": user.pk,
                    "username": user.get_username(),
                    "full_name": user.get_full_name(),
                    "email": user.email or None,
                    "tenant": current_schema(),
                }
            ).data
        )
