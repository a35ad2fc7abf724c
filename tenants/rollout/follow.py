"""Rollout follow-through at a day: wave targets against the actual figures, and pilots past their end date.

Inputs are plain figures already read from the tenant schema (core/stats/day_figures.py) and the tenant's rollout
rows (public): this module reads no tenant table, so it can run under the console's public schema.

- A wave is **on track** on day D when its units' installed share (of their members) reaches the target
  prorated over the wave's planned period: target × elapsed share of [planned_start, planned_end] (the whole
  target from planned_end on). Below that it is **behind**; before planned_start it is **not started**.
- A unit in pilot (or an extended pilot) whose `pilot_end` is before D has run past its end date without a
  decision (extend, go live or pause): the console warns.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tenants.rollout.models import RolloutUnit, RolloutWave, UnitState

ON_TRACK, BEHIND, NOT_STARTED = "on_track", "behind", "not_started"
PILOT_STATES = (UnitState.PILOT, UnitState.EXTENDED)


@dataclass(frozen=True)
class UnitCounts:
    members: int
    installed: int


@dataclass(frozen=True)
class WaveProgress:
    wave: RolloutWave
    units: int
    members: int
    installed: int
    expected_pct: Decimal  # prorated target on the day
    status: str

    @property
    def installed_pct(self) -> Decimal:
        if not self.members:
            return Decimal("0.00")
        return (Decimal(100) * self.installed / self.members).quantize(Decimal("0.01"))


def expected_share(wave: RolloutWave, day: dt.date) -> Decimal | None:
    """The target prorated to `day`; None before the wave starts."""
    if day < wave.planned_start:
        return None
    span = (wave.planned_end - wave.planned_start).days
    if day >= wave.planned_end or span <= 0:
        return Decimal(wave.target_installed_pct).quantize(Decimal("0.01"))
    elapsed = Decimal((day - wave.planned_start).days) / Decimal(span)
    return (Decimal(wave.target_installed_pct) * elapsed).quantize(Decimal("0.01"))


def wave_progress(
    waves: list[RolloutWave], units: list[RolloutUnit], counts: dict[str, UnitCounts], day: dt.date
) -> list[WaveProgress]:
    """One line per wave: its units' members and installed as of `day` (by unit code), against its target."""
    out = []
    for wave in waves:
        mine = [u for u in units if u.wave_id == wave.pk]
        members = sum(counts[u.unit_code].members for u in mine if u.unit_code in counts)
        installed = sum(counts[u.unit_code].installed for u in mine if u.unit_code in counts)
        expected = expected_share(wave, day)
        line = WaveProgress(wave, len(mine), members, installed, expected or Decimal(0), NOT_STARTED)
        if expected is not None:
            status = ON_TRACK if line.installed_pct >= expected else BEHIND
            line = WaveProgress(wave, len(mine), members, installed, expected, status)
        out.append(line)
    return out


def overdue_pilots(units: list[RolloutUnit], day: dt.date) -> list[RolloutUnit]:
    """Units still in (extended) pilot whose end date is before `day`: a decision is due."""
    return [u for u in units if u.state in PILOT_STATES and u.pilot_end is not None and u.pilot_end < day]
