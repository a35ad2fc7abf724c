"""Annual quality rating (đánh giá, xếp loại chất lượng) of members and of party organisations.

docs/adr/0021-annual-quality-rating.md. A member's rating of a year moves self-assessment → the cell's proposal →
the committee above's approval; an organisation's (cell, grassroots or commune committee) proposal (its own
assessment) → the committee above's approval. Ratings are sensitive (core/members/sensitive.py, "rating").
"""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    FAILED = "failed", _("Không hoàn thành nhiệm vụ")


class RatingPolicy(models.Model):
    """The tenant's rating settings: one row (pk 1)."""

    excellent_cap_pct = models.PositiveSmallIntegerField(
        _("tỷ lệ tối đa “hoàn thành xuất sắc”, phần trăm số được xếp loại hoàn thành tốt trở lên"),
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    open_year = models.PositiveSmallIntegerField(_("năm đang đánh giá"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định xếp loại")
        verbose_name_plural = _("quy định xếp loại")

    def __str__(self) -> str:
        return f"{self.open_year} ≤{self.excellent_cap_pct}%"


class Stage(models.TextChoices):
    NONE = "none", _("Chưa đánh giá")
    SELF = "self", _("Đã tự đánh giá")
    PROPOSED = "proposed", _("Chi bộ đã đề xuất")
    APPROVED = "approved", _("Cấp trên đã duyệt")


class Decided(models.Model):
    """What both ratings share: the proposal and the approval, each with who and when."""

    year = models.PositiveSmallIntegerField(_("năm"))
    proposed_level = models.CharField(_("mức đề xuất"), max_length=10, choices=Level.choices, blank=True)
    proposed_note = models.CharField(_("nhận xét khi đề xuất"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_level = models.CharField(_("mức được duyệt"), max_length=10, choices=Level.choices, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def stage(self) -> str:
        if self.approved_level:
            return Stage.APPROVED
        if self.proposed_level:
            return Stage.PROPOSED
        return Stage.SELF if getattr(self, "self_level", "") else Stage.NONE

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)


class MemberRating(Decided):
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="ratings")
    # the cell that rates the member that year (kept when the member later moves): the scope of the row
    cell = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="member_ratings")
    self_level = models.CharField(_("tự đánh giá"), max_length=10, choices=Level.choices, blank=True)
    self_note = models.CharField(_("tự nhận xét"), max_length=1000, blank=True)
    self_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-year", "member_id"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["member", "year"], name="memberrating_once")]
        indexes: ClassVar = [models.Index(fields=["cell", "year"], name="memberrating_cell_idx")]
        verbose_name = _("xếp loại đảng viên")
        verbose_name_plural = _("xếp loại đảng viên")

    def __str__(self) -> str:
        return f"{self.member_id} {self.year} {self.stage}"


class UnitRating(Decided):
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.PROTECT, related_name="ratings")

    class Meta:
        ordering: ClassVar = ["-year", "unit_id"]
        constraints: ClassVar = [models.UniqueConstraint(fields=["unit", "year"], name="unitrating_once")]
        verbose_name = _("xếp loại tổ chức đảng")
        verbose_name_plural = _("xếp loại tổ chức đảng")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.stage}"
