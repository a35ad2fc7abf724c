"""API v1 of the imports area: upload a file as an import job, follow it. Same rules as the pages: only
holders of IMPORTS_RUN; everyone else gets 404; jobs live in the tenant's schema."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.parsers import GuardedFormParser, GuardedMultiPartParser
from core.imports.forms import MAX_UPLOAD_MB
from core.imports.models import ImportJob, ImportKind, ImportMode
from core.imports.selectors import can_import, import_job_get, import_jobs
from core.imports.services import import_job_create

SHOWN_ERRORS = 100


class ImportJobInput(serializers.Serializer):
    file = serializers.FileField(help_text=f"tệp .csv (UTF-8) hoặc .xlsx, tối đa {MAX_UPLOAD_MB} MB")
    kind = serializers.ChoiceField(
        choices=ImportKind.choices, help_text="org = tổ chức đảng, members = đảng viên, committee = cấp ủy viên"
    )
    mode = serializers.ChoiceField(choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    dry_run = serializers.BooleanField(default=False, help_text="chỉ kiểm tra, không ghi")


class ImportJobOutput(serializers.ModelSerializer):
    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "original_filename",
            "dry_run",
            "mode",
            "status",
            "progress",
            "progress_label",
            "total_rows",
            "inserted",
            "updated",
            "unchanged",
            "rejected",
            "error_count",
            "created_at",
            "finished_at",
        ]


class ImportErrorOutput(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="số dòng trong tệp (dòng tiêu đề = 1)")
    column = serializers.CharField(help_text="tên cột như trong tệp")
    value = serializers.CharField()
    message = serializers.CharField()


class ImportJobDetailOutput(ImportJobOutput):
    first_errors = serializers.SerializerMethodField(help_text=f"{SHOWN_ERRORS} lỗi đầu tiên (dòng, cột, giá trị, lỗi)")

    class Meta(ImportJobOutput.Meta):
        fields = [*ImportJobOutput.Meta.fields, "first_errors"]

    @extend_schema_field(ImportErrorOutput(many=True))
    def get_first_errors(self, job: ImportJob) -> list[dict]:
        return job.errors[:SHOWN_ERRORS]


class ImportJobListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [GuardedMultiPartParser, GuardedFormParser]

    @extend_schema(responses={200: ImportJobOutput(many=True)}, summary="Các lần nhập dữ liệu / Import jobs")
    def get(self, request: Request) -> Response:
        if not can_import(request.user):
            raise Http404
        return Response(ImportJobOutput(import_jobs(request.user)[:50], many=True).data)

    @extend_schema(
        request={"multipart/form-data": ImportJobInput},
        responses={201: ImportJobOutput},
        summary="Tải tệp lên và nhập / Upload a file and start its import",
    )
    def post(self, request: Request) -> Response:
        if not can_import(request.user):
            raise Http404
        data = ImportJobInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            job = import_job_create(
                kind=data.validated_data["kind"],
                source=upload,
                filename=upload.name,
                actor=request.user,  # type: ignore[arg-type]
                dry_run=data.validated_data["dry_run"],
                mode=data.validated_data["mode"],
            )
        except ValidationError as exc:
            return Response({"file": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ImportJobOutput(job).data, status=status.HTTP_201_CREATED)


class ImportJobDetailApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ImportJobDetailOutput}, summary="Tiến độ và kết quả một lần nhập / One import job")
    def get(self, request: Request, job_id: int) -> Response:
        return Response(ImportJobDetailOutput(import_job_get(request.user, job_id)).data)


urlpatterns: list[URLPattern | URLResolver] = [
    path("imports/", ImportJobListApi.as_view(), name="imports"),
    path("imports/<int:job_id>/", ImportJobDetailApi.as_view(), name="import"),
]
