"""Member API for admins: scoped search and detail (citizen ID only for the organisation department)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.access.checks import access_object
from core.access.permissions import MEMBERS_VIEW
from core.members.models import Member
from core.members.selectors import PAGE_SIZE, member_search
from core.members.sensitive import hidden_fields
from core.org.selectors import unit_by_code


class MemberRowOutput(serializers.ModelSerializer):
    cell_code = serializers.CharField(source="cell.code")
    cell_name = serializers.CharField(source="cell.name")

    class Meta:
        model = Member
        fields = ["id", "party_card_number", "full_name", "status", "cell_code", "cell_name"]


class MemberDetailOutput(serializers.ModelSerializer):
    cell_code = serializers.CharField(source="cell.code")
    cell_name = serializers.CharField(source="cell.name")
    citizen_id = serializers.CharField(allow_null=True, help_text="chỉ ban tổ chức và chính đảng viên thấy (null)")
    ethnicity = serializers.CharField(allow_null=True, help_text="mã dân tộc (01–54); null nếu không có quyền xem")
    religion = serializers.CharField(allow_null=True, help_text="mã tôn giáo (00 = không); null nếu không có quyền xem")

    class Meta:
        model = Member
        fields = [
            "id",
            "party_card_number",
            "full_name",
            "date_of_birth",
            "sex",
            "admitted_on",
            "official_on",
            "status",
            "exempt_reason",
            "phone",
            "has_smartphone",
            "cell_code",
            "cell_name",
            "citizen_id",
            "ethnicity",
            "religion",
            "hometown",
            "residence",
            "education",
            "qualification",
            "theory",
            "occupation",
            "workplace",
        ]

    def to_representation(self, instance: Member) -> dict[str, Any]:
        """Every sensitive field (core/members/sensitive.py) the caller may not see is null."""
        data = super().to_representation(instance)
        for name in hidden_fields(self.context["request"].user, instance):
            if name in data:
                data[name] = None
        return data


class MemberPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    results = MemberRowOutput(many=True)


class MemberListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="members_list",
        responses=MemberPageOutput,
        summary="Tìm đảng viên trong phạm vi / Search members in scope",
        parameters=[
            OpenApiParameter("q", str, description="tên (không dấu được), số thẻ đảng hoặc điện thoại"),
            OpenApiParameter("unit", str, description="mã tổ chức: cả nhánh"),
            OpenApiParameter("status", str),
            OpenApiParameter("offset", int),
            OpenApiParameter("limit", int),
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        code = params.get("unit", "")
        unit = unit_by_code(code) if code else None
        if code and unit is None:
            return Response({"unit": ["Không có tổ chức với mã này."]}, status=400)
        try:
            offset = max(int(params.get("offset", 0)), 0)
            limit = min(max(int(params.get("limit", PAGE_SIZE)), 1), 200)
        except ValueError:
            return Response({"detail": "offset/limit phải là số."}, status=400)
        page = member_search(
            request.user, q=params.get("q", ""), unit=unit, status=params.get("status", ""), offset=offset, limit=limit
        )
        data: dict[str, Any] = {"count": page.total, "offset": offset, "limit": limit, "results": page.rows}
        return Response(MemberPageOutput(data).data)


class MemberDetailApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MemberDetailOutput, summary="Hồ sơ đảng viên / Member profile")
    def get(self, request: Request, member_id: int) -> Response:
        member = access_object(
            Member.objects.select_related("cell"), member_id, request.user, MEMBERS_VIEW, "cell__path"
        )
        return Response(MemberDetailOutput(member, context={"request": request}).data)
