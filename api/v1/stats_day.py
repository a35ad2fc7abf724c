"""Adoption figures as of a day, with drill-down to the unit's direct children (core/stats/day_figures.py)."""

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.v1.stats import ErrorOutput, _may_view, _top_scope
from core.org.selectors import unit_by_code
from core.stats.day_figures import DayRow, activity_average, day_table, parse_day
from core.stats.selectors import parse_month

DECIMALS_HELP = "chữ số thập phân của tỷ lệ: 0, 1 (mặc định) hoặc 2 / decimals of the percentages"


class DayFigure(serializers.Serializer):
    count = serializers.IntegerField()
    pct_of_members = serializers.CharField(help_text="ví dụ “92.30%” — phần trăm trên số đảng viên của đơn vị")


class DayRowOutput(serializers.Serializer):
    unit_code = serializers.CharField()
    unit_name = serializers.CharField()
    members = serializers.IntegerField(help_text="đảng viên (trừ đã chuyển đi, từ trần…) — mẫu số của mọi tỷ lệ")
    accounts_issued = DayFigure()
    installed = DayFigure(help_text="đã cài đặt (thiết bị đầu tiên đăng ký) đến hết ngày")
    logged_in_ever = DayFigure(help_text="đã đăng nhập ít nhất một lần đến hết ngày (“đảng viên sử dụng”)")
    installed_and_logged_in = DayFigure()
    non_users_no_smartphone = serializers.IntegerField()
    non_users_exempt_elderly_sick = serializers.IntegerField()
    non_users_working_away = serializers.IntegerField()
    non_users_other = serializers.IntegerField()


class ActivityOutput(serializers.Serializer):
    first_month = serializers.CharField()
    last_month = serializers.CharField()
    months = serializers.IntegerField(help_text="số tháng có số liệu tổng hợp trong khoảng")
    active_per_month = serializers.IntegerField(help_text="đảng viên đăng nhập trong tháng, trung bình")
    accesses_per_month = serializers.IntegerField(help_text="lượt truy cập trong tháng, trung bình")


class DayOutput(serializers.Serializer):
    day = serializers.DateField()
    total = DayRowOutput()
    children = DayRowOutput(many=True, help_text="các đơn vị trực thuộc (xem chi tiết: gọi lại với unit=mã)")
    activity = ActivityOutput(allow_null=True, help_text="chỉ khi có from và to (đơn vị cấp tỉnh hoặc trực thuộc)")


def _row(row: DayRow, decimals: int) -> dict[str, Any]:
    def fig(n: int) -> dict[str, Any]:
        return {"count": n, "pct_of_members": row.pct(n, decimals=decimals)}

    return {
        "unit_code": row.unit.code,
        "unit_name": row.unit.name,
        "members": row.members,
        "accounts_issued": fig(row.accounts_issued),
        "installed": fig(row.installed),
        "logged_in_ever": fig(row.logged_in_ever),
        "installed_and_logged_in": fig(row.installed_and_logged_in),
        "non_users_no_smartphone": row.no_smartphone,
        "non_users_exempt_elderly_sick": row.exempt_elderly_sick,
        "non_users_working_away": row.working_away,
        "non_users_other": row.other_non_users,
    }


def _bad(detail: str) -> Response:
    return Response({"detail": detail}, status=400)


class AdoptionDayApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Số liệu sử dụng đến hết một ngày, theo đơn vị trực thuộc / Adoption figures as of a day",
        parameters=[
            OpenApiParameter("unit", str, description="mã tổ chức; mặc định: phạm vi cao nhất của người dùng"),
            OpenApiParameter("day", str, description="YYYY-MM-DD; mặc định: hôm nay"),
            OpenApiParameter("decimals", int, enum=[0, 1, 2], description=DECIMALS_HELP),
            OpenApiParameter("from", str, description="YYYY-MM: đầu khoảng tính trung bình hoạt động hằng tháng"),
            OpenApiParameter("to", str, description="YYYY-MM: cuối khoảng tính trung bình"),
        ],
        responses={
            200: DayOutput,
            400: OpenApiResponse(ErrorOutput, description="ngày, tháng, số chữ số hoặc mã tổ chức không hợp lệ"),
            404: OpenApiResponse(ErrorOutput, description="ngoài phạm vi"),
        },
    )
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        params = request.query_params
        day = parse_day(params["day"]) if params.get("day") else timezone.localdate()
        if day is None:
            return _bad("Ngày không hợp lệ: dùng dạng YYYY-MM-DD, ví dụ 2023-04-16.")
        decimals = params.get("decimals", "1")
        if decimals not in ("0", "1", "2"):
            return _bad("decimals phải là 0, 1 hoặc 2.")
        first, last = (parse_month(params.get(k, "")) for k in ("from", "to"))
        if (params.get("from") or params.get("to")) and (first is None or last is None or first > last):
            return _bad("Khoảng tháng không hợp lệ: from và to dạng YYYY-MM, from không sau to.")
        code = params.get("unit", "")
        unit = unit_by_code(code) if code else _top_scope(user)
        if code and unit is None:
            return _bad("Không có tổ chức với mã này.")
        if unit is None or not _may_view(user, unit):
            return Response({"detail": "Không tìm thấy."}, status=404)
        table = day_table(unit, day)
        activity = None
        if first is not None and last is not None and unit.depth <= 1:
            avg = activity_average(unit, first, last)
            if avg is not None:
                activity = {"first_month": f"{first:%Y-%m}", "last_month": f"{last:%Y-%m}", **avg.__dict__}
        body = {
            "day": day,
            "total": _row(table.total, int(decimals)),
            "children": [_row(r, int(decimals)) for r in table.children if _may_view(user, r.unit)],
            "activity": activity,
        }
        return Response(DayOutput(body).data)
