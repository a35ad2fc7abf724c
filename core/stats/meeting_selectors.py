"""Reads of cell meeting figures: stored monthly rows of rollout units and the root, and live figures of any
subtree (per cell, or per child unit) computed in one SQL statement each (no query per cell)."""

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from core.org.models import OrgUnit
from core.stats.meeting_sql import AGGREGATES, PER_UNIT_CTE, params
from core.stats.models import MeetingMonthly, MeetingRates


@dataclass
class MeetingFigures(MeetingRates):
    """A unit's (or a cell's) figures for a month, computed live; same definitions as `MeetingMonthly`."""

    unit: OrgUnit
    month: dt.date
    cells: int
    cells_met: int
    meetings_held: int
    attendance_present: int
    attendance_expected: int
    opinions: int
    tasks_overdue: int

    @property
    def expected(self) -> int:  # type: ignore[override]
        return self.cells


def meeting_rows(month: dt.date) -> list[MeetingMonthly]:
    """Stored rows of the month: the root first, then the depth-1 units by code."""
    return list(
        MeetingMonthly.objects.filter(month=month.replace(day=1), unit__depth__lte=1)
        .select_related("unit")
        .order_by("unit__depth", "unit__code")
    )


def meeting_row(unit: OrgUnit, month: dt.date) -> MeetingMonthly | None:
    return MeetingMonthly.objects.filter(unit=unit, month=month.replace(day=1)).select_related("unit").first()


def _run(sql: str, month: dt.date, unit: OrgUnit) -> list[tuple[int, ...]]:
    values = params(month)
    values.update(prefix=unit.path + "%", child_part=unit.depth + 2, depth=unit.depth)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return [tuple(row) for row in cursor.fetchall()]


def _figures(rows: list[tuple[int, ...]], month: dt.date) -> list[MeetingFigures]:
    units = OrgUnit.objects.in_bulk([row[0] for row in rows])
    out = [MeetingFigures(units[row[0]], month.replace(day=1), *row[1:]) for row in rows]
    return sorted(out, key=lambda f: (f.unit.code, f.unit.pk))


CELLS_SQL = f"""
WITH {PER_UNIT_CTE.format(units="o.path LIKE %(prefix)s")}
SELECT id, {AGGREGATES} FROM per_unit WHERE counted OR meetings_held > 0 OR tasks_overdue > 0 GROUP BY id
"""

CHILDREN_SQL = f"""
WITH {PER_UNIT_CTE.format(units="o.path LIKE %(prefix)s")},
c AS (SELECT split_part(path, '.', %(child_part)s)::bigint AS child_id, * FROM per_unit WHERE depth > %(depth)s)
SELECT child_id, {AGGREGATES} FROM c GROUP BY child_id
"""

UNIT_SQL = f"""
WITH {PER_UNIT_CTE.format(units="o.path LIKE %(prefix)s")} SELECT {AGGREGATES} FROM per_unit
"""  # constant fragments only; values are bound parameters


def meeting_cells(unit: OrgUnit, month: dt.date) -> list[MeetingFigures]:
    """Live figures of every counted cell (or cell with activity) of `unit`'s subtree, by code: 2 queries."""
    return _figures(_run(CELLS_SQL, month, unit), month)


def meeting_children(unit: OrgUnit, month: dt.date) -> list[MeetingFigures]:
    """Live figures of each child unit of `unit` (its whole subtree rolled up), by code: 2 queries."""
    return _figures(_run(CHILDREN_SQL, month, unit), month)


def meeting_unit(unit: OrgUnit, month: dt.date) -> MeetingFigures:
    """Live figures of `unit`'s whole subtree (for units below the stored depth-1 rows)."""
    values = params(month)
    values["prefix"] = unit.path + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {PER_UNIT_CTE.format(units='o.path LIKE %(prefix)s')} SELECT {AGGREGATES} FROM per_unit", values
        )
        row = cursor.fetchone()
    assert row is not None
    return MeetingFigures(unit, month.replace(day=1), *row)
