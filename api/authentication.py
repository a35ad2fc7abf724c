"""Token authentication bound to the tenant schema (tenancy rule 2)."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from core.accounts.models import ApiToken
from core.accounts.tokens import token_resolve

KEYWORD = b"bearer"


class TenantTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer st_<schema>_…`; a token minted on another tenant's host is rejected."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in (KEYWORD, b"token"):
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ."))
        token = token_resolve(parts[1].decode("latin-1"))
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ hoặc đã hết hạn."))
        if token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Bearer"


class TenantTokenScheme(OpenApiAuthenticationExtension):
    """Describes the bearer token in the OpenAPI schema (registered by being defined)."""

    target_class = "api.authentication.TenantTokenAuthentication"
    name = "tenantToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Mã truy cập từ /api/v1/auth/token/, chỉ dùng trên tên miền của đảng bộ đã cấp / "
            "Token from /api/v1/auth/token/, valid only on the host of the committee that issued it.",
        }
