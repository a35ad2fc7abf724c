"""Rollout writes (public schema): sync rollout units from the org tree, waves, unit transitions, wave promotion.

Every write runs in one transaction with a PlatformAuditEvent; each state change also writes a
RolloutTransition. The login gate (tenants/rollout/gating.py) reads the states fresh; the per-request gate keeps
them per process for ROLLOUT_STATES_TTL seconds, and every write here that changes units drops that copy
(`unit_states_changed`), so a change takes effect at once in this process and within seconds everywhere.
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing_free.limits import quota_check
from core.org.models import OrgUnit
from tenants.audit import record_platform_event
from tenants.db.schema import activate_public, tenant_schema
from tenants.models import Tenant
from tenants.rollout.gate_cache import unit_states_changed
from tenants.rollout.models import (
    TRANSITIONS,
    ConsoleOfficer,
    RolloutTransition,
    RolloutUnit,
    RolloutWave,
    UnitState,
)


def _top_units(tenant: Tenant) -> list[tuple[str, str]]:
    """(code, name) of the tenant's open depth-1 units, read in its schema, then back to public."""
    with tenant_schema(tenant):
        return list(OrgUnit.objects.filter(depth=1, valid_to__isnull=True).order_by("code").values_list("code", "name"))


@transaction.atomic
def rollout_units_sync(tenant: Tenant, *, actor: str = "system") -> dict[str, int]:
    """Create a `not_started` RolloutUnit for each open depth-1 unit of `tenant` and refresh the names.

    Units closed in the tree keep their row (history), whatever their state.
    """
    units = _top_units(tenant)
    existing = {u.unit_code: u for u in RolloutUnit.objects.select_for_update().filter(tenant=tenant)}
    created = renamed = 0
    for code, name in units:
        row = existing.get(code)
        if row is None:
            RolloutUnit.objects.create(tenant=tenant, unit_code=code, unit_name=name)
            created += 1
        elif row.unit_name != name:
            row.unit_name = name
            row.save(update_fields=["unit_name", "updated_at"])
            renamed += 1
    unit_states_changed(tenant.schema_name)
    result = {"created": created, "renamed": renamed, "total": len(existing) + created}
    record_platform_event(actor=actor, action="rollout.units_synced", tenant_slug=tenant.schema_name, changes=result)
    return result


def _check_wave(name: str, start: dt.date, end: dt.date, installed: int, active: int) -> None:
    if not name.strip():
        raise ValidationError(_("Vui lòng nhập tên đợt triển khai."), code="name_required")
    if end < start:
        raise ValidationError(_("Ngày kết thúc dự kiến phải sau ngày bắt đầu."), code="dates")
    for value in (installed, active):
        if not 0 <= value <= 100:
            raise ValidationError(_("Mục tiêu phải từ 0 đến 100%."), code="target")


@transaction.atomic
def wave_create(
    tenant: Tenant,
    name: str,
    planned_start: dt.date,
    planned_end: dt.date,
    target_installed_pct: int,
    target_active_pct: int,
    unit_codes: Iterable[str],
    actor: str,
) -> RolloutWave:
    """A wave of units of `tenant` (each unit belongs to at most one wave: it moves to the new one)."""
    _check_wave(name, planned_start, planned_end, target_installed_pct, target_active_pct)
    codes = sorted(set(unit_codes))
    units = list(RolloutUnit.objects.select_for_update().filter(tenant=tenant, unit_code__in=codes))
    unknown = sorted(set(codes) - {u.unit_code for u in units})
    if unknown:
        raise ValidationError(
            _("Không có đơn vị triển khai: %(codes)s."), code="unknown_units", params={"codes": ", ".join(unknown)}
        )
    if not units:
        raise ValidationError(_("Vui lòng chọn ít nhất một đơn vị cho đợt."), code="no_units")
    wave = RolloutWave.objects.create(
        tenant=tenant,
        name=name.strip(),
        planned_start=planned_start,
        planned_end=planned_end,
        target_installed_pct=target_installed_pct,
        target_active_pct=target_active_pct,
    )
    RolloutUnit.objects.filter(pk__in=[u.pk for u in units]).update(wave=wave, updated_at=timezone.now())
    record_platform_event(
        actor=actor,
        action="rollout.wave_created",
        tenant_slug=tenant.schema_name,
        changes={
            "wave": wave.pk,
            "name": wave.name,
            "planned": [planned_start.isoformat(), planned_end.isoformat()],
            "targets": [target_installed_pct, target_active_pct],
            "units": codes,
        },
    )
    return wave


def _label(state: str) -> str:
    return str(UnitState(state).label)


def _move(unit: RolloutUnit, to_state: str, *, actor: str, reason: str, new_end_date: dt.date | None) -> None:
    """Check and apply one transition of a locked row (no transaction of its own)."""
    if to_state not in UnitState.values:
        raise ValidationError(_("Trạng thái “%(to)s” không tồn tại."), code="unknown_state", params={"to": to_state})
    if to_state not in TRANSITIONS.get(unit.state, frozenset()):
        raise ValidationError(
            _("Không thể chuyển “%(unit)s” từ “%(from)s” sang “%(to)s”."),
            code="illegal_transition",
            params={"unit": unit.unit_name, "from": _label(unit.state), "to": _label(to_state)},
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Vui lòng ghi lý do chuyển trạng thái."), code="reason_required")
    if to_state == UnitState.LIVE:
        quota_check(unit.tenant, "units", 1)  # the plan's live units (ADR 0034); counted with this transaction
    if to_state == UnitState.EXTENDED:
        floor = max(filter(None, [unit.pilot_end, timezone.localdate()]))
        if new_end_date is None:
            raise ValidationError(_("Gia hạn thí điểm cần ngày kết thúc mới."), code="end_date_required")
        if new_end_date <= floor:
            raise ValidationError(
                _("Ngày kết thúc mới phải sau %(floor)s."),
                code="end_date_too_early",
                params={"floor": f"{floor:%d/%m/%Y}"},
            )
    elif new_end_date is not None and to_state != UnitState.PILOT:
        new_end_date = None  # only a pilot or an extension carries an end date
    before = unit.state
    unit.state = to_state
    fields = ["state", "updated_at"]
    if new_end_date is not None:
        unit.pilot_end = new_end_date
        fields.append("pilot_end")
    unit.save(update_fields=fields)
    unit_states_changed(unit.tenant.schema_name)
    RolloutTransition.objects.create(
        rollout_unit=unit,
        from_state=before,
        to_state=to_state,
        actor=actor,
        reason=reason[:500],
        new_end_date=new_end_date,
        at=timezone.now(),
    )
    record_platform_event(
        actor=actor,
        action=f"rollout.unit_{to_state}",
        tenant_slug=unit.tenant.schema_name,
        changes={
            "unit": unit.unit_code,
            "state": [before, to_state],
            "reason": reason,
            "new_end_date": new_end_date.isoformat() if new_end_date else None,
        },
    )


@transaction.atomic
def unit_transition(
    rollout_unit: RolloutUnit, to_state: str, actor: str, reason: str, new_end_date: dt.date | None = None
) -> RolloutUnit:
    """Move one unit along TRANSITIONS; an extension needs a new end date after the current one and today."""
    unit = RolloutUnit.objects.select_for_update().select_related("tenant").get(pk=rollout_unit.pk)
    _move(unit, to_state, actor=actor, reason=reason, new_end_date=new_end_date)
    rollout_unit.refresh_from_db()
    return unit


@transaction.atomic
def wave_promote(wave: RolloutWave, actor: str, reason: str) -> int:
    """Every unit of `wave` goes live in one transaction, or none does (the refusal lists the blocking units).
    Units already live are left as they are; returns how many units moved."""
    if not reason.strip():
        raise ValidationError(_("Vui lòng ghi lý do chuyển sang triển khai chính thức."), code="reason_required")
    units = list(RolloutUnit.objects.select_for_update().select_related("tenant").filter(wave=wave))
    if not units:
        raise ValidationError(_("Đợt “%(wave)s” chưa có đơn vị nào."), code="empty_wave", params={"wave": wave.name})
    blocked = [u for u in units if u.state != UnitState.LIVE and UnitState.LIVE not in TRANSITIONS[u.state]]
    if blocked:
        raise ValidationError(
            _("Chưa thể triển khai chính thức đợt “%(wave)s”: %(units)s."),
            code="wave_blocked",
            params={"wave": wave.name, "units": "; ".join(f"{u.unit_name} ({_label(u.state)})" for u in blocked)},
        )
    quota_check(wave.tenant, "units", sum(1 for u in units if u.state != UnitState.LIVE))
    moved = 0
    for unit in units:
        if unit.state != UnitState.LIVE:
            _move(unit, UnitState.LIVE, actor=actor, reason=reason, new_end_date=None)
            moved += 1
    record_platform_event(
        actor=actor,
        action="rollout.wave_promoted",
        tenant_slug=wave.tenant.schema_name,
        changes={"wave": wave.pk, "units": [u.unit_code for u in units], "moved": moved, "reason": reason},
    )
    return moved


@transaction.atomic
def officer_invite(*, tenant: Tenant, email: str, full_name: str, actor: str) -> User:
    """A public account (unusable password) for a provincial officer of `tenant`, who sees only that tenant.
    The caller shows the one-time password-setup link."""
    activate_public()
    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError(_("Đã có tài khoản “%(email)s”."), code="duplicate_user", params={"email": email})
    first, _sep, last = full_name.strip().rpartition(" ")
    user = User(username=email, email=email, first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    ConsoleOfficer.objects.create(user=user, tenant=tenant, invited_by=actor)
    record_platform_event(
        actor=actor,
        action="console.officer_invited",
        tenant_slug=tenant.schema_name,
        changes={"username": email, "full_name": full_name.strip()},
    )
    return user
