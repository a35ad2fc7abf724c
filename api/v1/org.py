"""Org tree API for admins: units in scope, a unit with its children."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.access.checks import has_perm_on, scoped
from core.access.permissions import ORG_VIEW
from core.org.models import OrgUnit
from core.orgtree.selectors import unit_children_with_counts


class UnitOutput(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        source="parent.code", default=None, allow_null=True, help_text="mã cấp trên (null với đảng bộ gốc)"
    )
    kind_display = serializers.CharField(source="get_kind_display")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "kind_display", "parent_code", "depth", "valid_from", "valid_to"]


class ChildOutput(serializers.Serializer):
    unit = UnitOutput()
    members = serializers.IntegerField(help_text="đảng viên đang sinh hoạt trong cả nhánh")
    cells = serializers.IntegerField(help_text="chi bộ đang hoạt động trong cả nhánh")


class UnitDetailOutput(serializers.Serializer):
    unit = UnitOutput()
    children = ChildOutput(many=True)


class OrgUnitListApi(TenantAPIView, ListAPIView):
    """Units the caller may view, in tree order; `?parent=<code>` for one level, `?kind=cell` to filter."""

    permission_classes = [IsAuthenticated]
    serializer_class = UnitOutput

    def get_queryset(self) -> QuerySet[OrgUnit]:
        qs = scoped(OrgUnit.objects.select_related("parent"), self.request.user, ORG_VIEW, "path")
        if parent := self.request.query_params.get("parent"):
            qs = qs.filter(parent__code=parent)
        if kind := self.request.query_params.get("kind"):
            qs = qs.filter(kind=kind)
        if self.request.query_params.get("open") == "1":
            qs = qs.filter(valid_to__isnull=True)
        return qs.order_by("path")

    @extend_schema(
        summary="Danh sách tổ chức trong phạm vi / Units in scope",
        parameters=[
            OpenApiParameter("parent", str, description="mã cấp trên"),
            OpenApiParameter("kind", str),
            OpenApiParameter("open", str, description="1 = đang hoạt động"),
        ],
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)


class OrgUnitDetailApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=UnitDetailOutput, summary="Một tổ chức và các tổ chức trực thuộc / A unit and its children"
    )
    def get(self, request: Request, code: str) -> Response:
        unit = get_object_or_404(OrgUnit.objects.select_related("parent"), code=code)
        if not has_perm_on(request.user, ORG_VIEW, unit):
            return Response({"detail": "Không tìm thấy."}, status=404)
        children = unit_children_with_counts(unit)
        return Response(UnitDetailOutput({"unit": unit, "children": children}).data)
