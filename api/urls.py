"""API v1 on every tenant host: /api/v1/ (root), token login, me, OpenAPI schema and offline docs."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from api.base import TenantAPIView
from api.v1 import auth


class ApiRootOutput(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()
    token_login = serializers.URLField()
    me = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()


class DangerouslyPublicApiRoot(TenantAPIView):
    """Lists the API's entry points; public so clients can discover them."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ApiRootOutput, summary="Các điểm vào của API / API entry points")
    def get(self, request: Request) -> Response:
        return Response(
            {
                "name": "Sổ tay đảng viên điện tử API",
                "version": "v1",
                "token_login": reverse("api:token_login", request=request),
                "me": reverse("api:me", request=request),
                "schema": reverse("api:schema", request=request),
                "docs": reverse("api:docs", request=request),
            }
        )


app_name = "api"

urlpatterns = [
    path("", DangerouslyPublicApiRoot.as_view(), name="root"),
    path("auth/token/", auth.DangerouslyPublicTokenLoginApi.as_view(), name="token_login"),
    path("auth/logout/", auth.TokenLogoutApi.as_view(), name="token_logout"),
    path("me/", auth.MeApi.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", permission_classes=[AllowAny]),
        name="redoc",
    ),
    path("", include("api.v1.org_urls")),
    path("", include("api.v1.members_urls")),
    path("", include("api.v1.accounts_urls")),
    path("", include("api.v1.imports_urls")),
    path("", include("api.v1.stats_urls")),
    path("", include("api.v1.meetings_urls")),
    path("", include("api.v1.audit_urls")),
    path("", include("api.v1.ratings_urls")),
]
