"""Read API of the tenant's own rollout: units with their state, waves with targets and progress, overdue pilots.

Rollout rows are platform data (public schema, ADR 0007) filtered by the tenant the request's host resolved to:
another tenant's rows are never read. Readers: whoever may read adoption figures (the same rule as
/api/v1/stats/adoption/).
"""

from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.v1.stats import ErrorOutput, _top_scope
from core.stats.day_figures import day_table
from tenants.db.schema import tenant_connection
from tenants.rollout.follow import UnitCounts, overdue_pilots, wave_progress
from tenants.rollout.models import RolloutUnit, RolloutWave


class RolloutUnitOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    state = serializers.CharField(help_text="not_started | pilot | extended | live | paused")
    pilot_end = serializers.DateField(allow_null=True)
    wave = serializers.CharField(allow_blank=True)
    overdue = serializers.BooleanField(help_text="thí điểm đã quá hạn mà chưa có quyết định")


class WaveOutput(serializers.Serializer):
    name = serializers.CharField()
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()
    target_installed_pct = serializers.IntegerField()
    target_active_pct = serializers.IntegerField()
    units = serializers.IntegerField()
    members = serializers.IntegerField()
    installed = serializers.IntegerField(help_text="đã cài đặt đến hết hôm nay")
    installed_pct = serializers.CharField(help_text="% số đảng viên của các đơn vị trong đợt, 2 chữ số thập phân")
    expected_pct = serializers.CharField(help_text="mục tiêu tính theo tiến độ đến hôm nay")
    status = serializers.CharField(help_text="on_track | behind | not_started")


class RolloutOutput(serializers.Serializer):
    day = serializers.DateField()
    units = RolloutUnitOutput(many=True)
    waves = WaveOutput(many=True)


class RolloutApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Tình hình triển khai: trạng thái đơn vị, các đợt và mục tiêu / Rollout state and waves",
        responses={200: RolloutOutput, 404: OpenApiResponse(ErrorOutput, description="không có quyền xem số liệu")},
    )
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        root = _top_scope(user)
        tenant = getattr(tenant_connection(), "tenant", None)
        if root is None or root.depth != 0 or tenant is None:
            return Response({"detail": "Không tìm thấy."}, status=404)
        today = timezone.localdate()
        units = list(RolloutUnit.objects.filter(tenant_id=tenant.pk).select_related("wave").order_by("unit_code"))
        waves = list(RolloutWave.objects.filter(tenant_id=tenant.pk).order_by("planned_start", "pk"))
        overdue = {u.pk for u in overdue_pilots(units, today)}
        counts = {r.unit.code: UnitCounts(r.members, r.installed) for r in day_table(root, today).children}
        body: dict[str, Any] = {
            "day": today,
            "units": [
                {
                    "code": u.unit_code,
                    "name": u.unit_name,
                    "state": u.state,
                    "pilot_end": u.pilot_end,
                    "wave": u.wave.name if u.wave else "",
                    "overdue": u.pk in overdue,
                }
                for u in units
            ],
            "waves": [
                {
                    "name": w.wave.name,
                    "planned_start": w.wave.planned_start,
                    "planned_end": w.wave.planned_end,
                    "target_installed_pct": w.wave.target_installed_pct,
                    "target_active_pct": w.wave.target_active_pct,
                    "units": w.units,
                    "members": w.members,
                    "installed": w.installed,
                    "installed_pct": f"{w.installed_pct}%",
                    "expected_pct": f"{w.expected_pct}%",
                    "status": w.status,
                }
                for w in wave_progress(waves, units, counts, today)
            ],
        }
        return Response(RolloutOutput(body).data)
