"""Import jobs (org tree, members, committee seats): one row per uploaded file, its options, progress and outcome.

The uploaded file is kept privately under the key <schema>/imports/<name> (see core/imports/storage.py) and
is never served by a public URL; the error report is produced by a view after an access check.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportKind(models.TextChoices):
    ORG = "org", _("Tổ chức đảng")
    MEMBERS = "members", _("Đảng viên")
    COMMITTEE = "committee", pgettext_lazy("import kind", "Cấp ủy viên")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("Tất cả hoặc không (có lỗi thì không ghi gì)")
    VALID_ONLY = "valid_only", _("Chỉ ghi các dòng hợp lệ")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Không thành công")


class ImportJob(models.Model):
    kind = models.CharField(_("loại dữ liệu"), max_length=16, choices=ImportKind.choices)
    original_filename = models.CharField(_("tên tệp"), max_length=255)
    # The name inside the private store's <schema>/imports/ (core/imports/storage.py); never a URL.
    stored_path = models.CharField(max_length=255, blank=True, editable=False)
    dry_run = models.BooleanField(_("chỉ kiểm tra, không ghi"), default=False)
    mode = models.CharField(_("cách ghi"), max_length=16, choices=ImportMode.choices, default=ImportMode.ALL_OR_NOTHING)
    status = models.CharField(_("trạng thái"), max_length=8, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    progress_label = models.CharField(_("bước"), max_length=120, blank=True)
    total_rows = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    inserted = models.PositiveIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    rejected = models.PositiveIntegerField(_("bị loại"), default=0)
    # [{"row": 12, "column": "Ngày sinh", "value": "31/02/1970", "message": "…"}], at most ERROR_LIMIT items.
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    # Runs started: a second one means the first one's worker died; see import_job_run.
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("các lần nhập dữ liệu")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.original_filename} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def written(self) -> int:
        return self.inserted + self.updated
