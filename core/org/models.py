"""The party organisation tree of a tenant, stored with a materialised path for cheap subtree reads."""

from typing import ClassVar

from django.db import models


class OrgKind(models.TextChoices):
    ROOT = "root", "Đảng bộ tỉnh/thành phố"
    DISTRICT = "district", "Đảng bộ huyện/quận"
    COMMUNE = "commune", "Đảng bộ xã/phường"
    BLOC = "bloc", "Đảng bộ khối"
    GRASSROOTS = "grassroots", "Đảng bộ cơ sở"
    SUBUNIT = "subunit", "Đảng bộ bộ phận"
    CELL = "cell", "Chi bộ"
    PARTY_GROUP = "party_group", "Tổ đảng"


class OrgUnit(models.Model):
    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=16, choices=OrgKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Dot-separated ids from the root, e.g. "1.4.17."; a subtree is `path LIKE '<unit path>%'`.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["path"]
        indexes: ClassVar = [
            models.Index(fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"])
        ]
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"

    def __str__(self) -> str:
        return self.name
