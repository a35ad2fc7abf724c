"""Platform-wide documents (public schema): central resolutions published once by operators, mirrored into every
subscribing tenant's library by a task running inside that tenant (ADR 0009). Files are stored once, in the
platform directory of the library store; tenants reference them, they are never copied."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.library.models import DocumentKind, DocumentLevel, DocumentState


class PlatformDocument(models.Model):
    level = models.CharField(_("cấp ban hành"), max_length=12, choices=DocumentLevel.choices, default="central")
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("toàn văn"), blank=True)
    state = models.CharField(max_length=10, choices=DocumentState.choices, default=DocumentState.DRAFT)
    withdrawn_reason = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change; a tenant's mirror carries the version it copied, so a sync copies only what changed.
    version = models.PositiveIntegerField(default=1)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-updated_at", "-pk"]
        verbose_name = _("văn bản dùng chung")
        verbose_name_plural = _("văn bản dùng chung")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class PlatformAttachment(models.Model):
    document = models.ForeignKey(PlatformDocument, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class LibrarySubscription(models.Model):
    """A tenant receives the platform-wide documents (one row per subscribing tenant)."""

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="library_subscription")
    since = models.DateTimeField(auto_now_add=True)
    by = models.CharField(max_length=150, blank=True)

    def __str__(self) -> str:
        return str(self.tenant_id)
