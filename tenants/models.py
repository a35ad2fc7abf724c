"""Public-schema models: the tenants (provincial/city party committees) and their host names."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

from tenants.validators import validate_slug


class TenantStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("Đang khởi tạo")
    READY = "ready", _("Đang hoạt động")
    SUSPENDED = "suspended", pgettext_lazy("tenant status", "Tạm ngừng")
    ARCHIVED = "archived", pgettext_lazy("tenant status", "Lưu trữ")
    FAILED = "failed", _("Khởi tạo lỗi")


class Tenant(TenantMixin):
    """A provincial or city party committee (Đảng bộ tỉnh / thành phố) with its own schema.

    `schema_name` is the slug. Schemas are created by tenants.provisioning (clone of the template schema),
    never by django-tenants' save hook.
    """

    auto_create_schema = False
    auto_drop_schema = False

    name = models.CharField(_("tên đảng bộ"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TenantStatus.choices, default=TenantStatus.PROVISIONING
    )
    status_reason = models.TextField(_("lý do"), blank=True)
    admin_email = models.EmailField(_("email quản trị viên đầu tiên"), blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ khởi tạo (%)"), default=0)
    progress_label = models.CharField(_("bước khởi tạo"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    require_two_factor = models.BooleanField(
        _("bắt buộc xác thực hai bước cho quản trị viên và ban tổ chức"), default=False
    )

    class Meta:
        verbose_name = _("đảng bộ")
        verbose_name_plural = _("đảng bộ")
        ordering: ClassVar = ["name"]

    @property
    def slug(self) -> str:
        return self.schema_name

    def clean_fields(self, exclude: object = None) -> None:
        super().clean_fields(exclude=exclude)
        validate_slug(self.schema_name)


class Domain(DomainMixin):
    """A host name routed to a tenant: `<label>.<PLATFORM_DOMAIN>` plus optional custom domains."""

    class Meta:
        verbose_name = _("tên miền")
        verbose_name_plural = _("tên miền")


class PlatformAuditEvent(models.Model):
    """Audit row for every write done on the public schema (console and commands)."""

    actor = models.CharField(max_length=200, help_text="console username, or 'system'/'cli'")
    action = models.CharField(max_length=64)
    tenant_slug = models.CharField(max_length=63, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action}"
