"""Audit log API for auditors (Ủy ban kiểm tra, the organisation department, admins): entries of the caller's
AUDIT_VIEW subtrees with the same filters as the /nhat-ky/ page, newest first, paged by cursor (`before`).

Entries are returned as written (sensitive values were masked at write, ADR 0012) with their Vietnamese sentence.
Nothing here writes: the log is append-only (ADR 0020).
"""

from typing import Any

from django.contrib.auth.models import User
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.access.checks import has_perm_anywhere
from core.access.permissions import AUDIT_VIEW
from core.auditlog.forms import AuditFilterForm
from core.auditlog.selectors import AuditLine, audit_events, audit_lines

MAX_LIMIT = 500


class AuditEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    action = serializers.CharField(help_text="mã thao tác, ví dụ meeting.attendance_set")
    kind = serializers.CharField(help_text="tên thao tác")
    sentence = serializers.CharField(help_text="câu mô tả bằng tiếng Việt, có tên người")
    actor_id = serializers.IntegerField(allow_null=True)
    actor = serializers.CharField(help_text="chức danh và tên người thực hiện, hoặc “Hệ thống”")
    on_behalf_of = serializers.CharField(help_text="người được làm thay (rỗng nếu không)")
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    unit = serializers.CharField(help_text="đơn vị liên quan (rỗng: toàn đảng bộ)")
    scope_path = serializers.CharField()
    changes = serializers.JSONField(help_text="chi tiết như khi ghi; thông tin nhạy cảm đã được che")
    request_id = serializers.CharField()


class AuditPageOutput(serializers.Serializer):
    results = AuditEntryOutput(many=True)
    next_before = serializers.IntegerField(allow_null=True, help_text="truyền vào `before` để lấy trang tiếp theo")


class AuditErrorOutput(serializers.Serializer):
    detail = serializers.CharField()
    field_errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


def _entry(line: AuditLine) -> dict[str, Any]:
    e = line.event
    return {
        "id": e.pk,
        "created_at": e.created_at,
        "action": e.action,
        "kind": line.kind,
        "sentence": line.sentence,
        "actor_id": e.actor_id,
        "actor": line.actor,
        "on_behalf_of": line.on_behalf_of,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "unit": line.unit,
        "scope_path": e.scope_path,
        "changes": e.changes,
        "request_id": e.request_id,
    }


class AuditEventListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="audit_events_list",
        summary="Nhật ký thao tác trong phạm vi / Audit log entries in scope",
        parameters=[
            OpenApiParameter("unit", str, description="mã tổ chức: cả nhánh"),
            OpenApiParameter("action", str, description="mã thao tác (đúng) hoặc tiền tố, ví dụ meeting."),
            OpenApiParameter("actor", str, description="tên đăng nhập của người thực hiện"),
            OpenApiParameter("card", str, description="số thẻ đảng: các sự kiện về đảng viên này"),
            OpenApiParameter("day_from", str, description="YYYY-MM-DD"),
            OpenApiParameter("day_to", str, description="YYYY-MM-DD"),
            OpenApiParameter("before", int, description="chỉ lấy sự kiện có id nhỏ hơn (trang tiếp theo)"),
            OpenApiParameter("limit", int, description=f"số sự kiện (1–{MAX_LIMIT}, mặc định 100)"),
        ],
        responses={
            200: AuditPageOutput,
            400: OpenApiResponse(AuditErrorOutput, description="bộ lọc không hợp lệ"),
            404: OpenApiResponse(AuditErrorOutput, description="không có quyền xem nhật ký"),
        },
    )
    def get(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        if not has_perm_anywhere(user, AUDIT_VIEW):
            return Response({"detail": "Không tìm thấy."}, status=404)
        params = request.query_params
        form = AuditFilterForm(params.dict() if params else None)
        if params and not form.is_valid():
            return Response({"detail": "Bộ lọc không hợp lệ.", "field_errors": form.errors}, status=400)
        try:
            limit = min(max(int(params.get("limit", 100)), 1), MAX_LIMIT)
            before = int(params["before"]) if params.get("before") else None
        except ValueError:
            return Response({"detail": "before/limit phải là số."}, status=400)
        qs = audit_events(user, form.filters())
        if before is not None:
            qs = qs.filter(pk__lt=before)
        rows = list(qs[: limit + 1])
        lines = audit_lines(rows[:limit])
        next_before = lines[-1].event.pk if len(rows) > limit and lines else None
        return Response(AuditPageOutput({"results": [_entry(x) for x in lines], "next_before": next_before}).data)
