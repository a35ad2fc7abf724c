"""Pre-aggregated adoption figures: one row per (rollout unit or root, month), refreshed by a periodic task.

The definitions are those of `core.accounts.adoption.adoption_figures` (see its docstring); `to_figures()`
turns a row into the same `AdoptionFigures` so the two can be compared exactly.
"""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.accounts.adoption import AdoptionFigures, Figure


class AdoptionMonthly(models.Model):
    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="adoption_monthly")
    month = models.DateField(help_text="first day of the month")
    members = models.PositiveIntegerField(default=0)
    accounts_issued = models.PositiveIntegerField(default=0)
    installed = models.PositiveIntegerField(default=0)
    logged_in_ever = models.PositiveIntegerField(default=0)
    active_month = models.PositiveIntegerField(default=0)
    accesses_month = models.PositiveBigIntegerField(default=0)
    no_smartphone = models.PositiveIntegerField(default=0)
    exempt_elderly_sick = models.PositiveIntegerField(default=0)
    working_away = models.PositiveIntegerField(default=0)
    other_non_users = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["unit__path", "month"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "month"], name="adoptionmonthly_unit_month"),
        ]
        indexes: ClassVar = [models.Index(fields=["month"], name="adoptionmonthly_month_idx")]
        verbose_name = _("số liệu sử dụng theo tháng")
        verbose_name_plural = _("số liệu sử dụng theo tháng")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"

    # --- percentages of the unit's member count (one decimal, 0.0 without members) ---
    def pct(self, count: int) -> float:
        return round(100.0 * count / self.members, 1) if self.members else 0.0

    @property
    def non_users(self) -> int:
        return self.members - self.logged_in_ever

    @property
    def accounts_issued_pct(self) -> float:
        return self.pct(self.accounts_issued)

    @property
    def installed_pct(self) -> float:
        return self.pct(self.installed)

    @property
    def logged_in_ever_pct(self) -> float:
        return self.pct(self.logged_in_ever)

    @property
    def active_month_pct(self) -> float:
        return self.pct(self.active_month)

    @property
    def non_users_pct(self) -> float:
        return self.pct(self.non_users)

    def to_figures(self) -> AdoptionFigures:
        def fig(n: int) -> Figure:
            return Figure(count=n, pct_of_members=self.pct(n))

        return AdoptionFigures(
            unit_id=self.unit_id,
            month=self.month,
            members=self.members,
            accounts_issued=fig(self.accounts_issued),
            installed=fig(self.installed),
            logged_in_ever=fig(self.logged_in_ever),
            logged_in_this_month=fig(self.active_month),
            accesses_this_month=self.accesses_month,
            non_users=fig(self.non_users),
            non_users_no_smartphone=fig(self.no_smartphone),
            non_users_exempt_elderly_sick=fig(self.exempt_elderly_sick),
            non_users_working_away=fig(self.working_away),
            non_users_other=fig(self.other_non_users),
        )


def rate(part: int, whole: int) -> float:
    """part / whole in percent with one decimal; 0.0 when whole is 0."""
    return round(100.0 * part / whole, 1) if whole else 0.0


class MeetingRates:
    """Percentages shared by the stored monthly rows and the live per-cell/per-unit figures."""

    cells: int
    cells_met: int
    expected: int
    attendance_present: int
    attendance_expected: int

    @property
    def held_pct(self) -> float:
        """tỷ lệ chi bộ sinh hoạt: cells that held a meeting in the month, of the expected."""
        return rate(self.cells_met, self.expected)

    @property
    def attendance_pct(self) -> float:
        """tỷ lệ dự họp: present marks of the held meetings, of all marks but "exempt"."""
        return rate(self.attendance_present, self.attendance_expected)


class MeetingMonthly(MeetingRates, models.Model):
    """Cell meeting figures of a rollout unit (depth 1) or the root for one month; definitions in
    `core.stats.meeting_sql`. Refreshed with the adoption rows (same task, same command)."""

    unit = models.ForeignKey("org.OrgUnit", on_delete=models.CASCADE, related_name="meeting_monthly")
    month = models.DateField(help_text="first day of the month")
    cells = models.PositiveIntegerField(default=0)
    cells_met = models.PositiveIntegerField(default=0)
    meetings_held = models.PositiveIntegerField(default=0)
    expected = models.PositiveIntegerField(default=0)
    attendance_present = models.PositiveIntegerField(default=0)
    attendance_expected = models.PositiveIntegerField(default=0)
    opinions = models.PositiveIntegerField(default=0)
    tasks_overdue = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["unit__path", "month"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["unit", "month"], name="meetingmonthly_unit_month"),
        ]
        indexes: ClassVar = [models.Index(fields=["month"], name="meetingmonthly_month_idx")]
        verbose_name = _("số liệu sinh hoạt chi bộ theo tháng")
        verbose_name_plural = _("số liệu sinh hoạt chi bộ theo tháng")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"
