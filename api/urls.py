"""API v1 on every tenant host: /api/v1/ (root), token login, me, OpenAPI schema and offline docs."""

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
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


# The one documented exception to the site's Content-Security-Policy (docs/adr/0014): Swagger UI and Redoc
# inject <style> elements at run time and use data: images; Redoc parses in a blob: worker. Still no inline
# script: Swagger UI's start-up script is served as its own file (the "split" view), and nothing but our
# own host is allowed.
DOCS_CSP = settings.SECURE_CSP | {
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "worker-src": [CSP.SELF, "blob:"],
}

app_name = "api"

urlpatterns = [
    path("", DangerouslyPublicApiRoot.as_view(), name="root"),
    path("auth/token/", auth.DangerouslyPublicTokenLoginApi.as_view(), name="token_login"),
    path("auth/logout/", auth.TokenLogoutApi.as_view(), name="token_logout"),
    path("me/", auth.MeApi.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        csp_override(DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny])
        ),
        name="docs",
    ),
    path(
        "redoc/",
        csp_override(DOCS_CSP)(SpectacularRedocView.as_view(url_name="api:schema", permission_classes=[AllowAny])),
        name="redoc",
    ),
    path("", include("api.v1.org_urls")),
    path("", include("api.v1.members_urls")),
    path("", include("api.v1.accounts_urls")),
    path("", include("api.v1.imports_urls")),
    path("", include("api.v1.stats_urls")),
    path("", include("api.v1.meetings_urls")),
    path("", include("api.v1.library_urls")),
    path("", include("api.v1.news_urls")),
    path("", include("api.v1.audit_urls")),
    path("", include("api.v1.ratings_urls")),
    path("", include("api.v1.notifications_urls")),
    path("", include("api.v1.assistant_feedback_urls")),
    path("", include("api.v1.study_urls")),
]
