"""The documents library of a committee: resolutions, directives, conclusions … with attachments, read marks,
per-unit read counters and bookmarks. Platform-wide documents are mirrored rows (`platform_id`) whose files
stay in the platform's shared directory (ADR 0015)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.content.models import ReadMarkBase, Searchable, UnitReadCountBase


class DocumentLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận")
    COMMUNE = "commune", _("Xã, phường")
    GRASSROOTS = "grassroots", _("Cơ sở")


class DocumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("Nghị quyết")
    DIRECTIVE = "directive", _("Chỉ thị")
    CONCLUSION = "conclusion", _("Kết luận")
    REGULATION = "regulation", _("Quy định")
    RULES = "rules", _("Quy chế")
    GUIDANCE = "guidance", _("Hướng dẫn")
    NOTICE = "notice", pgettext_lazy("document kind", "Thông báo")
    OTHER = "other", _("Văn bản khác")


class DocumentState(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã phát hành")
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


class Document(Searchable):
    # The committee that publishes it (its library); NULL for documents published by the platform.
    unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="library_documents"
    )
    # Who reads it: this unit and its subtree; NULL = the whole committee (core/content/audience.py).
    audience_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("gửi tới")
    )
    level = models.CharField(_("cấp ban hành"), max_length=12, choices=DocumentLevel.choices)
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
    platform_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True, editable=False)
    platform_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(Searchable.Meta):
        ordering: ClassVar = ["-published_at", "-pk"]
        indexes: ClassVar = [
            *Searchable.Meta.indexes,
            models.Index(fields=["state", "-published_at"], name="library_doc_state_pub_idx"),
            models.Index(fields=["unit", "state"], name="library_doc_unit_state_idx"),
        ]
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def is_platform(self) -> bool:
        return self.platform_id is not None

    @property
    def heading(self) -> str:
        """“Nghị quyết 57-NQ/TW”, or the kind alone when there is no number."""
        return f"{self.get_kind_display()} {self.number}".strip()


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tên tệp"), max_length=200)
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64)
    # True: the file is the platform's (key _platform/library/<name>), shared by every subscribing tenant.
    shared = models.BooleanField(default=False)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class DocumentRead(ReadMarkBase):
    item = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reads")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["item", "user"], name="library_read_unique")]
        indexes: ClassVar = [models.Index(fields=["user", "item"], name="library_read_user_idx")]


class DocumentUnitReads(UnitReadCountBase):
    item = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="unit_reads")

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["item", "unit"], name="library_unitreads_unique")]


class Bookmark(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["user", "document"], name="library_bookmark_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"
