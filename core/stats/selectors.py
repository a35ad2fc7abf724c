"""Reads of the pre-aggregated adoption figures (only `AdoptionMonthly` rows, never the raw tables)."""

import datetime as dt
from dataclasses import dataclass

from core.org.models import OrgUnit
from core.stats.models import AdoptionMonthly
from core.stats.services import previous_month


@dataclass(frozen=True)
class AdoptionTable:
    month: dt.date
    root: AdoptionMonthly | None
    units: list[AdoptionMonthly]  # depth-1 units, in tree order


def parse_month(value: str) -> dt.date | None:
    """ "2026-03" → date(2026, 3, 1); None when the text is not a month."""
    try:
        parsed = dt.datetime.strptime(value.strip(), "%Y-%m")
    except ValueError:
        return None
    return parsed.date() if parsed.year >= 2000 else None


def last_months(month: dt.date, n: int = 12) -> list[dt.date]:
    """The `n` months ending with `month`, oldest first."""
    months = [month.replace(day=1)]
    while len(months) < n:
        months.append(previous_month(months[-1]))
    return months[::-1]


def adoption_table(month: dt.date) -> AdoptionTable:
    rows = list(
        AdoptionMonthly.objects.filter(month=month.replace(day=1), unit__depth__lte=1)
        .select_related("unit")
        .order_by("unit__depth", "unit__code")
    )
    root = next((r for r in rows if r.unit.depth == 0), None)
    return AdoptionTable(month=month.replace(day=1), root=root, units=[r for r in rows if r.unit.depth == 1])


def adoption_row(unit: OrgUnit, month: dt.date) -> AdoptionMonthly | None:
    return AdoptionMonthly.objects.filter(unit=unit, month=month.replace(day=1)).select_related("unit").first()


def adoption_series(unit: OrgUnit | None, month: dt.date, n: int = 12) -> list[tuple[dt.date, AdoptionMonthly | None]]:
    """(month, row or None) for the `n` months ending with `month`; `unit` None means the root."""
    months = last_months(month, n)
    qs = AdoptionMonthly.objects.filter(month__gte=months[0], month__lte=months[-1])
    qs = qs.filter(unit=unit) if unit is not None else qs.filter(unit__depth=0)
    by_month = {r.month: r for r in qs}
    return [(m, by_month.get(m)) for m in months]


def root_row(month: dt.date) -> AdoptionMonthly | None:
    return AdoptionMonthly.objects.filter(month=month.replace(day=1), unit__depth=0).first()
