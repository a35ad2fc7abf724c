"""Pre-aggregated counts behind the standard reports (docs/adr/0022-report-aggregation.md).

`Tally` holds, for every org unit, the count of its subtree's members by each reported dimension (sex, age band,
ethnicity, religion, education, qualification, political theory, status), the number of its cells by size band,
and its rating results per year. A refresh writes a whole new generation, points `TallyState` at it and deletes
the old one, so readers never see half a refresh and never wait for one.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tally(models.Model):
    generation = models.PositiveIntegerField()
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=24)  # "sex", "age", …, "cell_size", "rating:2026", "unit_rating:2026"
    value = models.CharField(max_length=24, blank=True)  # a code of the dimension ("" = not recorded)
    count = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar = [models.Index(fields=["unit", "generation"], name="tally_unit_gen_idx")]
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.dimension}={self.value}: {self.count}"


class TallyState(models.Model):
    """One row (pk 1): the generation readers use, when it was computed and how long it took."""

    generation = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    as_of = models.DateField(null=True, blank=True, help_text="the day ages were computed for")
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("trạng thái tổng hợp")
        verbose_name_plural = _("trạng thái tổng hợp")

    def __str__(self) -> str:
        return f"generation {self.generation}"
