"""Rollout of the handbook unit by unit (public schema), console officers, cross-tenant snapshots.

Rollout units are the org units directly under a tenant's root (district-, commune- or bloc-level
committees). They live in the tenant schema; here they are referenced by code (no foreign key from a
public table to a tenant table, ADR 0001).
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Tenant


class UnitState(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    PILOT = "pilot", _("Thí điểm")
    EXTENDED = "extended", _("Gia hạn thí điểm")
    LIVE = "live", _("Triển khai chính thức")
    PAUSED = "paused", _("Tạm dừng")


# States whose members may log in.
OPEN_STATES = frozenset({UnitState.PILOT, UnitState.EXTENDED, UnitState.LIVE})

# Legal moves. EXTENDED → EXTENDED is a second extension (a new end date).
TRANSITIONS: dict[str, frozenset[str]] = {
    UnitState.NOT_STARTED: frozenset({UnitState.PILOT}),
    UnitState.PILOT: frozenset({UnitState.EXTENDED, UnitState.LIVE, UnitState.PAUSED}),
    UnitState.EXTENDED: frozenset({UnitState.EXTENDED, UnitState.LIVE, UnitState.PAUSED}),
    UnitState.LIVE: frozenset({UnitState.PAUSED}),
    UnitState.PAUSED: frozenset({UnitState.PILOT, UnitState.LIVE}),
}


class RolloutWave(models.Model):
    """A group of units piloted together, with planned dates and adoption targets."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="rollout_waves")
    name = models.CharField(_("tên đợt"), max_length=120)
    planned_start = models.DateField(_("bắt đầu dự kiến"))
    planned_end = models.DateField(_("kết thúc dự kiến"))
    target_installed_pct = models.PositiveSmallIntegerField(_("mục tiêu cài đặt (%)"), default=90)
    target_active_pct = models.PositiveSmallIntegerField(_("mục tiêu sử dụng hằng tháng (%)"), default=80)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["tenant", "planned_start", "pk"]

    def __str__(self) -> str:
        return self.name


class RolloutUnit(models.Model):
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="rollout_units")
    unit_code = models.CharField(_("mã đơn vị"), max_length=32)
    unit_name = models.CharField(_("tên đơn vị"), max_length=200)
    wave = models.ForeignKey(RolloutWave, null=True, blank=True, on_delete=models.SET_NULL, related_name="units")
    state = models.CharField(_("trạng thái"), max_length=12, choices=UnitState.choices, default=UnitState.NOT_STARTED)
    pilot_end = models.DateField(_("hết hạn thí điểm"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["tenant", "unit_code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["tenant", "unit_code"], name="rolloutunit_tenant_code"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} ({self.get_state_display()})"


class RolloutTransition(models.Model):
    """Every state change: who, when, why; extensions record the new end date."""

    rollout_unit = models.ForeignKey(RolloutUnit, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=UnitState.choices)
    to_state = models.CharField(max_length=12, choices=UnitState.choices)
    actor = models.CharField(max_length=150)
    reason = models.CharField(max_length=500, blank=True)
    new_end_date = models.DateField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rollout_unit_id}: {self.from_state} → {self.to_state}"


class ConsoleOfficer(models.Model):
    """A provincial organisation-committee officer: a console user who sees only their tenant.
    Console users without this row are platform operators (they must be staff)."""

    # DB_CASCADE, not CASCADE: the database removes the row with its public user, and Django's deletion
    # collector never looks for officers when a *tenant* user is deleted (the same User model lives in every
    # schema; a Python-side cascade would read and delete public rows by a tenant user's id — tests/citus/).
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.DB_CASCADE, related_name="console_officer")
    tenant = models.ForeignKey(Tenant, on_delete=models.DB_CASCADE, related_name="officers")
    invited_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.tenant_id}"


class AdoptionSnapshot(models.Model):
    """Cross-tenant overview row, refreshed by a periodic task (the console shows `taken_at`)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="adoption_snapshots")
    taken_at = models.DateTimeField(db_index=True)
    month = models.DateField(help_text="first day of the month the figures describe")
    members = models.PositiveIntegerField(default=0)
    installed = models.PositiveIntegerField(default=0)
    logged_in_ever = models.PositiveIntegerField(default=0)
    active_month = models.PositiveIntegerField(default=0)
    accesses_month = models.PositiveIntegerField(default=0)
    units_by_state = models.JSONField(default=dict)
    # Content freshness (core.news.freshness): committees, how many posted nothing for `news_silent_days` days.
    news_committees = models.PositiveIntegerField(default=0)
    news_silent = models.PositiveIntegerField(default=0)
    news_silent_days = models.PositiveSmallIntegerField(default=7)
    news_last_post_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["tenant", "-taken_at"]
        get_latest_by = "taken_at"

    def __str__(self) -> str:
        return f"{self.tenant_id} @ {self.taken_at:%Y-%m-%d %H:%M}"
