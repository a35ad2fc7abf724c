"""Adoption figures API: pre-aggregated counts and percentages of a unit for a month, scoped by grants."""

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.access.checks import ANY, has_perm_on, scope_paths
from core.access.permissions import AUDIT_VIEW, MEMBERS_VIEW
from core.accounts.adoption import AdoptionFigures, Figure, adoption_figures
from core.org.models import OrgUnit
from core.org.selectors import unit_by_code
from core.stats.selectors import adoption_row, parse_month

PERMS = (AUDIT_VIEW, MEMBERS_VIEW)


class FigureOutput(serializers.Serializer):
    count = serializers.IntegerField()
    pct_of_members = serializers.FloatField(help_text="phần trăm trên số đảng viên của đơn vị (1 chữ số thập phân)")


class NonUsersOutput(serializers.Serializer):
    total = FigureOutput()
    no_smartphone = FigureOutput()
    exempt_elderly_sick = FigureOutput()
    working_away = FigureOutput()
    other = FigureOutput()


class AdoptionOutput(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["precomputed", "live"], help_text="precomputed: bảng tổng hợp định kỳ; live: tính trực tiếp"
    )
    refreshed_at = serializers.DateTimeField(allow_null=True)
    members = serializers.IntegerField(
        help_text="đảng viên (trừ đã chuyển đi, từ trần, khai trừ, xoá tên) — mẫu số của mọi tỷ lệ"
    )
    accounts_issued = FigureOutput()
    installed = FigureOutput()
    logged_in_ever = FigureOutput()
    logged_in_this_month = FigureOutput()
    accesses_this_month = serializers.IntegerField()
    non_users = NonUsersOutput()


class ErrorOutput(serializers.Serializer):
    detail = serializers.CharField()


def _fig(f: Figure) -> dict[str, Any]:
    return {"count": f.count, "pct_of_members": f.pct_of_members}


def _may_view(user: User, unit: OrgUnit) -> bool:
    return any(has_perm_on(user, perm, unit) for perm in PERMS)


def _top_scope(user: User) -> OrgUnit | None:
    """The highest unit where the user may read figures (the root for whole-tree scopes)."""
    paths = sorted({p for perm in PERMS for p in scope_paths(user, perm)}, key=lambda p: (p != ANY, len(p), p))
    if not paths:
        return None
    if paths[0] == ANY:
        return OrgUnit.objects.filter(depth=0).order_by("pk").first()
    return OrgUnit.objects.filter(path=paths[0]).first()


class AdoptionApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Số liệu sử dụng của một đơn vị trong tháng / Adoption figures of a unit for a month",
        parameters=[
            OpenApiParameter("unit", str, description="mã tổ chức; mặc định: phạm vi cao nhất của người dùng"),
            OpenApiParameter("month", str, description="YYYY-MM; mặc định: tháng hiện tại"),
        ],
        responses={
            200: AdoptionOutput,
            400: OpenApiResponse(ErrorOutput, description="tháng hoặc mã tổ chức không hợp lệ"),
            404: OpenApiResponse(ErrorOutput, description="ngoài phạm vi, hoặc chưa có số liệu tổng hợp"),
        },
    )
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        text = request.query_params.get("month", "")
        month = parse_month(text) if text else timezone.localdate().replace(day=1)
        if month is None:
            return Response({"detail": "Tháng không hợp lệ: dùng dạng YYYY-MM, ví dụ 2026-03."}, status=400)
        code = request.query_params.get("unit", "")
        unit = unit_by_code(code) if code else _top_scope(user)
        if code and unit is None:
            return Response({"detail": "Không có tổ chức với mã này."}, status=400)
        if unit is None or not _may_view(user, unit):
            return Response({"detail": "Không tìm thấy."}, status=404)
        return self._figures(unit, month)

    def _figures(self, unit: OrgUnit, month: dt.date) -> Response:
        if unit.depth <= 1:
            row = adoption_row(unit, month)
            if row is None:
                return Response({"detail": "Chưa có số liệu tổng hợp cho tháng này."}, status=404)
            figures, source, refreshed = row.to_figures(), "precomputed", row.refreshed_at
        else:  # below the rollout units nothing is pre-aggregated; subtrees there are small
            figures, source, refreshed = adoption_figures(unit, month), "live", None
        return Response(AdoptionOutput(self._data(unit, figures, source, refreshed)).data)

    @staticmethod
    def _data(unit: OrgUnit, f: AdoptionFigures, source: str, refreshed: dt.datetime | None) -> dict[str, Any]:
        return {
            "unit_code": unit.code,
            "unit_name": unit.name,
            "month": f"{f.month:%Y-%m}",
            "source": source,
            "refreshed_at": refreshed,
            "members": f.members,
            "accounts_issued": _fig(f.accounts_issued),
            "installed": _fig(f.installed),
            "logged_in_ever": _fig(f.logged_in_ever),
            "logged_in_this_month": _fig(f.logged_in_this_month),
            "accesses_this_month": f.accesses_this_month,
            "non_users": {
                "total": _fig(f.non_users),
                "no_smartphone": _fig(f.non_users_no_smartphone),
                "exempt_elderly_sick": _fig(f.non_users_exempt_elderly_sick),
                "working_away": _fig(f.non_users_working_away),
                "other": _fig(f.non_users_other),
            },
        }
