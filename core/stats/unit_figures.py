"""Adoption figures of one unit of the tenant host's page (/so-lieu/): the unit, its children, 12 months.

The root and the rollout units (depth ≤ 1) read the pre-aggregated monthly rows, as the console does; units
below are computed live (`adoption_figures`, `adoption_children`). Both become `FigureRow`s so the table, the
chart (core/stats/presentation.py) and the exports treat them alike.
"""

import datetime as dt
from dataclasses import dataclass

from core.accounts.adoption import AdoptionFigures, adoption_figures
from core.org.models import OrgUnit
from core.stats.adoption_live import adoption_children
from core.stats.models import AdoptionMonthly, rate
from core.stats.selectors import adoption_row, adoption_series, adoption_table, last_months


@dataclass(frozen=True)
class FigureRow:
    unit: OrgUnit
    members: int
    accounts_issued: int
    installed: int
    logged_in_ever: int
    active_month: int
    accesses_month: int
    no_smartphone: int
    exempt_elderly_sick: int
    working_away: int
    other_non_users: int
    refreshed_at: dt.datetime | None = None

    @property
    def installed_pct(self) -> float:
        return rate(self.installed, self.members)

    @property
    def logged_in_ever_pct(self) -> float:
        return rate(self.logged_in_ever, self.members)

    @property
    def active_month_pct(self) -> float:
        return rate(self.active_month, self.members)

    @property
    def accounts_issued_pct(self) -> float:
        return rate(self.accounts_issued, self.members)


def from_figures(unit: OrgUnit, f: AdoptionFigures) -> FigureRow:
    return FigureRow(
        unit=unit,
        members=f.members,
        accounts_issued=f.accounts_issued.count,
        installed=f.installed.count,
        logged_in_ever=f.logged_in_ever.count,
        active_month=f.logged_in_this_month.count,
        accesses_month=f.accesses_this_month,
        no_smartphone=f.non_users_no_smartphone.count,
        exempt_elderly_sick=f.non_users_exempt_elderly_sick.count,
        working_away=f.non_users_working_away.count,
        other_non_users=f.non_users_other.count,
    )


def from_monthly(row: AdoptionMonthly) -> FigureRow:
    return FigureRow(
        unit=row.unit,
        members=row.members,
        accounts_issued=row.accounts_issued,
        installed=row.installed,
        logged_in_ever=row.logged_in_ever,
        active_month=row.active_month,
        accesses_month=row.accesses_month,
        no_smartphone=row.no_smartphone,
        exempt_elderly_sick=row.exempt_elderly_sick,
        working_away=row.working_away,
        other_non_users=row.other_non_users,
        refreshed_at=row.refreshed_at,
    )


@dataclass(frozen=True)
class UnitAdoption:
    unit: OrgUnit
    month: dt.date
    total: FigureRow | None
    children: list[FigureRow]
    series: list[tuple[dt.date, FigureRow | None]]
    live: bool  # computed now (below the rollout units) rather than read from the monthly rows


def unit_adoption(unit: OrgUnit, month: dt.date) -> UnitAdoption:
    month = month.replace(day=1)
    if unit.depth <= 1:
        stored = adoption_row(unit, month)
        if unit.depth == 0:
            children = [from_monthly(r) for r in adoption_table(month).units]
        else:
            children = [from_figures(child, f) for child, f in adoption_children(unit, month)]
        series = [(m, from_monthly(r) if r else None) for m, r in adoption_series(unit, month)]
        total = from_monthly(stored) if stored else None
        return UnitAdoption(unit, month, total, children, series, live=False)
    children = [from_figures(child, f) for child, f in adoption_children(unit, month)]
    series = [(m, from_figures(unit, adoption_figures(unit, m))) for m in last_months(month)]
    return UnitAdoption(unit, month, from_figures(unit, adoption_figures(unit, month)), children, series, live=True)
