"""Cell meeting figures API: a unit's month (held vs expected cells, attendance, opinions, overdue tasks),
scoped like the adoption API: MEETINGS_RUN or ORG_VIEW on the unit, anything else a 404."""

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
from api.v1.stats import ErrorOutput
from core.org.models import OrgUnit
from core.org.selectors import unit_by_code
from core.stats.meeting_scope import may_view, top_unit
from core.stats.meeting_selectors import MeetingFigures, meeting_row, meeting_unit
from core.stats.models import MeetingMonthly
from core.stats.selectors import parse_month


class MeetingStatsOutput(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM")
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["precomputed", "live"], help_text="precomputed: bảng tổng hợp định kỳ; live: tính trực tiếp"
    )
    refreshed_at = serializers.DateTimeField(allow_null=True)
    cells = serializers.IntegerField(help_text="chi bộ đang hoạt động có đảng viên")
    expected = serializers.IntegerField(help_text="số buổi sinh hoạt thường kỳ phải họp (mỗi chi bộ một buổi)")
    cells_met = serializers.IntegerField(help_text="chi bộ có ít nhất một buổi đã họp trong tháng")
    held_pct = serializers.FloatField(help_text="tỷ lệ chi bộ sinh hoạt = cells_met / expected (%)")
    meetings_held = serializers.IntegerField(help_text="buổi đã họp (thường kỳ và chuyên đề)")
    attendance_present = serializers.IntegerField()
    attendance_expected = serializers.IntegerField(help_text="lượt điểm danh, không tính miễn sinh hoạt")
    attendance_pct = serializers.FloatField(help_text="tỷ lệ dự họp (%)")
    opinions = serializers.IntegerField()
    tasks_overdue = serializers.IntegerField(help_text="nhiệm vụ quá hạn vào cuối tháng (hoặc hiện tại)")


FIGURES = (
    "cells", "expected", "cells_met", "held_pct", "meetings_held", "attendance_present", "attendance_expected",
    "attendance_pct", "opinions", "tasks_overdue",
)  # fmt: skip


class MeetingStatsApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Số liệu sinh hoạt chi bộ của một đơn vị trong tháng / Cell meeting figures of a unit for a month",
        parameters=[
            OpenApiParameter("unit", str, description="mã tổ chức; mặc định: phạm vi cao nhất của người dùng"),
            OpenApiParameter("month", str, description="YYYY-MM; mặc định: tháng hiện tại"),
        ],
        responses={
            200: MeetingStatsOutput,
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
        unit = unit_by_code(code) if code else top_unit(user)
        if code and unit is None:
            return Response({"detail": "Không có tổ chức với mã này."}, status=400)
        if unit is None or not may_view(user, unit):
            return Response({"detail": "Không tìm thấy."}, status=404)
        return self._figures(unit, month)

    @staticmethod
    def _figures(unit: OrgUnit, month: dt.date) -> Response:
        figures: MeetingMonthly | MeetingFigures
        if unit.depth <= 1:
            row = meeting_row(unit, month)
            if row is None:
                return Response({"detail": "Chưa có số liệu tổng hợp cho tháng này."}, status=404)
            figures, source, refreshed = row, "precomputed", row.refreshed_at
        else:  # below the rollout units nothing is pre-aggregated; subtrees there are small
            figures, source, refreshed = meeting_unit(unit, month), "live", None
        data: dict[str, Any] = {
            "unit_code": unit.code,
            "unit_name": unit.name,
            "month": f"{month:%Y-%m}",
            "source": source,
            "refreshed_at": refreshed,
        }
        for name in FIGURES:
            data[name] = getattr(figures, name)
        return Response(MeetingStatsOutput(data).data)
