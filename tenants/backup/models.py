"""Public schema: one row per backup archive written on this server (scheduled or by hand)."""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.models import Tenant


class BackupStatus(models.TextChoices):
    RUNNING = "running", _("Đang sao lưu")
    DONE = "done", pgettext_lazy("backup status", "Hoàn tất")
    FAILED = "failed", pgettext_lazy("backup status", "Lỗi")
    PRUNED = "pruned", _("Đã xoá theo hạn lưu giữ")


class BackupTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Theo lịch")
    MANUAL = "manual", _("Thủ công")


class TenantBackup(models.Model):
    """An archive of one tenant. The row outlives the tenant (slug kept) so a deleted committee's last archive
    can still be found; the archive itself is a file on this server (`path`)."""

    tenant = models.ForeignKey(Tenant, null=True, on_delete=models.SET_NULL, related_name="backups")
    tenant_slug = models.CharField(max_length=63, db_index=True)
    trigger = models.CharField(max_length=12, choices=BackupTrigger.choices, default=BackupTrigger.MANUAL)
    status = models.CharField(max_length=12, choices=BackupStatus.choices, default=BackupStatus.RUNNING)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="tables, rows, files of the archive")
    error = models.TextField(blank=True)

    class Meta:
        ordering: ClassVar = ["-started_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["tenant", "-started_at"], name="backup_tenant_recent")]

    def __str__(self) -> str:
        return f"{self.tenant_slug} @ {self.started_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def badge(self) -> str:
        """CSS variant of the console's status badge."""
        return {"done": "ready", "failed": "failed", "running": "provisioning"}.get(self.status, "archived")
