"""The party organisation tree of a tenant, stored with a materialised path for cheap subtree reads."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Vietnamese aliases accepted in imports and forms, mapped to the kind codes below.
KIND_ALIASES = {
    "root": "root",
    "tinh": "root",
    "thanh pho": "root",
    "district": "district",
    "huyen": "district",
    "quan": "district",
    "dang bo huyen": "district",
    "dang bo quan": "district",
    "thi xa": "district",
    "commune": "commune",
    "xa": "commune",
    "phuong": "commune",
    "dang bo xa": "commune",
    "dang bo phuong": "commune",
    "thi tran": "commune",
    "bloc": "bloc",
    "khoi": "bloc",
    "dang bo khoi": "bloc",
    "grassroots": "grassroots",
    "co so": "grassroots",
    "dang bo co so": "grassroots",
    "subunit": "subunit",
    "bo phan": "subunit",
    "dang bo bo phan": "subunit",
    "cell": "cell",
    "chi bo": "cell",
    "chi bo co so": "cell",
    "party_group": "party_group",
    "party group": "party_group",
    "to dang": "party_group",
}


class OrgKind(models.TextChoices):
    ROOT = "root", _("Đảng bộ tỉnh/thành phố")
    DISTRICT = "district", _("Đảng bộ huyện/quận")
    COMMUNE = "commune", _("Đảng bộ xã/phường")
    BLOC = "bloc", _("Đảng bộ khối")
    GRASSROOTS = "grassroots", _("Đảng bộ cơ sở")
    SUBUNIT = "subunit", _("Đảng bộ bộ phận")
    CELL = "cell", _("Chi bộ")
    PARTY_GROUP = "party_group", _("Tổ đảng")


# Kinds that hold members directly.
MEMBER_HOLDING_KINDS = (OrgKind.CELL, OrgKind.PARTY_GROUP)


class OrgUnit(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=OrgKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Dot-separated ids from the root, e.g. "1.4.17."; a subtree is `path LIKE '<unit path>%'`.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")

    class Meta:
        ordering: ClassVar = ["path"]
        indexes: ClassVar = [
            models.Index(fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind"], name="org_kind_idx"),
        ]
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.valid_to is None


class OrgUnitEvent(models.Model):
    """History of a unit: created, renamed, moved, merged, split, closed (never deleted)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16)
    data = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    KIND_LABELS: ClassVar = {
        "created": pgettext_lazy("org event", "Thành lập"),
        "renamed": pgettext_lazy("org event", "Đổi tên"),
        "moved": pgettext_lazy("org event", "Chuyển trực thuộc"),
        "merged": pgettext_lazy("org event", "Sáp nhập"),
        "split": pgettext_lazy("org event", "Tách"),
        "closed": pgettext_lazy("org event", "Giải thể"),
        "updated": pgettext_lazy("org event", "Cập nhật"),
    }

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.kind}"

    @property
    def kind_display(self) -> str:
        return str(self.KIND_LABELS.get(self.kind, self.kind))

    @property
    def summary(self) -> str:
        """e.g. "from: Chi bộ A · to: Chi bộ B" — the event's data for people, not machines."""
        return " · ".join(f"{k}: {v}" for k, v in self.data.items() if v not in (None, "", []))
