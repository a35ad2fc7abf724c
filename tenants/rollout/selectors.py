"""Rollout reads for the console (public schema)."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from tenants.models import Tenant
from tenants.rollout.models import RolloutTransition, RolloutUnit, RolloutWave, UnitState


@dataclass
class StateGroup:
    state: str
    label: str
    units: list[RolloutUnit] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.units)


def rollout_plan(tenant: Tenant) -> tuple[list[StateGroup], list[RolloutWave]]:
    """The tenant's units grouped by state (every state, in lifecycle order) and its waves with unit counts."""
    groups = {value: StateGroup(state=value, label=str(label)) for value, label in UnitState.choices}
    for unit in RolloutUnit.objects.filter(tenant=tenant).select_related("wave").order_by("unit_code"):
        groups[unit.state].units.append(unit)
    waves: list[RolloutWave] = list(RolloutWave.objects.filter(tenant=tenant).annotate(unit_count=Count("units")))
    return list(groups.values()), waves


def unit_history(unit: RolloutUnit) -> QuerySet[RolloutTransition]:
    return RolloutTransition.objects.filter(rollout_unit=unit).order_by("at", "pk")
