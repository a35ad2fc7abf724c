"""Import jobs (org tree and members): one row per uploaded file, its options, progress and outcome.

The uploaded file is kept privately under MEDIA_ROOT/imports/<schema>/ (see core/imports/storage.py) and
is never served by a public URL; the error report is produced by a view after an access check.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models


class ImportKind(models.TextChoices):
    ORG = "org", "Tổ chức đảng"
    MEMBERS = "members", "Đảng viên"


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", "Tất cả hoặc không (có lỗi thì không ghi gì)"
    VALID_ONLY = "valid_only", "Chỉ ghi các dòng hợp lệ"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chạy"
    DONE = "done", "Hoàn tất"
    FAILED = "failed", "Không thành công"


class ImportJob(models.Model):
    kind = models.CharField("loại dữ liệu", max_length=8, choices=ImportKind.choices)
    original_filename = models.CharField("tên tệp", max_length=255)
    # Relative to the private import directory (MEDIA_ROOT/imports/<schema>/); never a URL.
    stored_path = models.CharField(max_length=255, blank=True, editable=False)
    dry_run = models.BooleanField("chỉ kiểm tra, không ghi", default=False)
    mode = models.CharField("cách ghi", max_length=16, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    status = models.CharField("trạng thái", max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    progress_label = models.CharField("bước", max_length=120, blank=True)
    total_rows = models.PositiveIntegerField("tổng số dòng", default=0)
    inserted = models.PositiveIntegerField("thêm mới", default=0)
    updated = models.PositiveIntegerField("cập nhật", default=0)
    unchanged = models.PositiveIntegerField("không đổi", default=0)
    rejected = models.PositiveIntegerField("bị loại", default=0)
    # [{"row": 12, "column": "Ngày sinh", "value": "31/02/1970", "message": "…"}], at most ERROR_LIMIT items.
    errors = models.JSONField("lỗi", default=list, blank=True)
    error_count = models.PositiveIntegerField("số lỗi", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = "lần nhập dữ liệu"
        verbose_name_plural = "các lần nhập dữ liệu"

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.original_filename} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def written(self) -> int:
        return self.inserted + self.updated
