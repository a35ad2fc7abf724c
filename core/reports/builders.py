"""The standard reports of a unit's subtree, as sections of rows the page, the print view and the CSV/XLSX share.

Counts come from the current tally generation (core/reports/refresh.py) — one indexed query per report — except
the movements of a period (core/reports/movements.py, live). Sections counting a sensitive field (ethnicity,
religion, ratings: core/members/sensitive.py) are left out, with a note, for a viewer without its right over the
unit.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.members.sensitive import SENSITIVE_FIELDS, may_see_in
from core.org.models import OrgKind, OrgUnit
from core.reports.labels import ORDER, label
from core.reports.models import Tally
from core.reports.movements import movements
from core.reports.refresh import live_tallies, tally_state

CELL_PAGE = 100


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[list[object]]


@dataclass
class Report:
    kind: str
    title: str
    unit: OrgUnit
    period: str
    sections: list[Section] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # sections left out: the viewer may not see their field
    refreshed_at: dt.datetime | None = None
    total_cells: int = 0  # the cells report: how many cells (for paging)


def unit_tallies(unit: OrgUnit) -> dict[str, dict[str, int]]:
    """The unit's counts: the stored generation for committees, computed now for a cell (a few dozen rows)."""
    state = tally_state()
    if unit.kind in (OrgKind.CELL, OrgKind.PARTY_GROUP):
        return live_tallies(unit, state.as_of or timezone.localdate())
    rows = Tally.objects.filter(unit=unit, generation=state.generation)
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for dimension, value, count in rows.values_list("dimension", "value", "count"):
        out[dimension][value] = count
    return out


def pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _values(dimension: str, counts: dict[str, int]) -> list[str]:
    listed = ORDER.get(dimension.split(":")[0], [])
    rest = sorted((v for v in counts if v not in listed), key=lambda v: (-counts[v], v))
    return [*listed, *rest]


def _section(key: str, title: str, dimension: str, counts: dict[str, int], whole: int) -> Section:
    rows: list[list[object]] = [
        [label(dimension, v), counts.get(v, 0), pct(counts.get(v, 0), whole)] for v in _values(dimension, counts)
    ]
    rows.append([_("Tổng"), sum(counts.values()), pct(sum(counts.values()), whole)])
    return Section(key, title, [_("Chỉ tiêu"), _("Số lượng"), _("Tỷ lệ (%)")], rows)


COMPOSITION = (
    ("sex", gettext_lazy("Giới tính")),
    ("age", gettext_lazy("Độ tuổi")),
    ("ethnicity", gettext_lazy("Dân tộc")),
    ("religion", gettext_lazy("Tôn giáo")),
    ("education", gettext_lazy("Giáo dục phổ thông")),
    ("qualification", gettext_lazy("Chuyên môn, nghiệp vụ")),
    ("theory", gettext_lazy("Lý luận chính trị")),
    ("status", gettext_lazy("Trạng thái sinh hoạt")),
)


def composition(user: User | AnonymousUser | None, unit: OrgUnit) -> Report:
    tallies = unit_tallies(unit)
    total = tallies.get("total", {}).get("", 0)
    report = _report("thanh-phan", _("Thành phần đảng viên"), unit, _("tại thời điểm tổng hợp"))
    for dimension, title in COMPOSITION:
        if dimension in SENSITIVE_FIELDS and not may_see_in(user, dimension, unit):
            report.hidden.append(str(title))
            continue
        report.sections.append(_section(dimension, str(title), dimension, tallies.get(dimension, {}), total))
    who = _("Đảng viên (không kể đã chuyển đi, từ trần, khai trừ, xoá tên)")
    report.sections.insert(0, Section("total", _("Tổng số đảng viên"), [_("Chỉ tiêu"), _("Số lượng")], [[who, total]]))
    return report


def movement_report(user: User | AnonymousUser | None, unit: OrgUnit, start: dt.date, end: dt.date) -> Report:
    m = movements(unit, start, end)
    period = f"{start:%d/%m/%Y} – {end:%d/%m/%Y}"
    report = _report("bien-dong", _("Biến động đảng viên"), unit, period)
    rows: list[list[object]] = [
        [_("Kết nạp đảng viên mới"), m.admitted],
        [_("Công nhận đảng viên chính thức"), m.official],
        [_("Chuyển sinh hoạt đến"), m.transferred_in],
        [_("Chuyển sinh hoạt đi"), m.transferred_out],
        [_("Từ trần"), m.deceased],
        [_("Khai trừ"), m.expelled],
        [_("Xoá tên"), m.removed],
    ]
    report.sections.append(Section("movements", _("Trong kỳ"), [_("Chỉ tiêu"), _("Số lượng")], rows))
    report.refreshed_at = None  # live figures
    return report


def ratings_report(user: User | AnonymousUser | None, unit: OrgUnit, year: int) -> Report:
    report = _report("xep-loai", _("Kết quả đánh giá, xếp loại chất lượng"), unit, _("năm %(y)s") % {"y": year})
    if not may_see_in(user, "rating", unit):
        report.hidden.append(_("Kết quả xếp loại"))
        return report
    tallies = unit_tallies(unit)
    members = tallies.get(f"rating:{year}", {})
    report.sections.append(_section("members", _("Đảng viên"), f"rating:{year}", members, sum(members.values())))
    exempt = tallies.get("status", {}).get("exempt", 0)
    report.sections.append(
        Section("exempt", _("Không đánh giá, xếp loại"), [_("Chỉ tiêu"), _("Số lượng")],
                [[_("Đảng viên đang miễn sinh hoạt"), exempt]])
    )  # fmt: skip
    units = tallies.get(f"unit_rating:{year}", {})
    report.sections.append(_section("units", _("Tổ chức đảng"), f"unit_rating:{year}", units, sum(units.values())))
    return report


def cells_report(user: User | AnonymousUser | None, unit: OrgUnit, page: int = 1) -> Report:
    tallies = unit_tallies(unit)
    sizes = tallies.get("cell_size", {})
    report = _report("chi-bo", _("Chi bộ và số đảng viên"), unit, _("tại thời điểm tổng hợp"))
    report.sections.append(_section("sizes", _("Chi bộ theo số đảng viên"), "cell_size", sizes, sum(sizes.values())))
    cells = _cells(unit)
    report.total_cells = cells.count()
    offset = (max(page, 1) - 1) * CELL_PAGE
    per_cell = _cell_totals(cells[offset : offset + CELL_PAGE])
    rows: list[list[object]] = [[c.code, c.name, n] for c, n in per_cell]
    report.sections.append(
        Section("cells", _("Số đảng viên từng chi bộ"), [_("Mã"), _("Chi bộ"), _("Số đảng viên")], rows)
    )
    return report


def _cells(unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path, kind=OrgKind.CELL, valid_to__isnull=True).order_by("code")


def _cell_totals(cells: QuerySet[OrgUnit]) -> list[tuple[OrgUnit, int]]:
    page = list(cells)
    totals = dict(
        Tally.objects.filter(unit__in=page, generation=tally_state().generation, dimension="total").values_list(
            "unit_id", "count"
        )
    )
    return [(c, totals.get(c.pk, 0)) for c in page]


EXPORT_CELL_LIMIT = 2_000  # a district's cells; above it the export lists the child units instead


def cell_export_rows(unit: OrgUnit, total_cells: int) -> tuple[list[str], list[list[object]]]:
    """Headers and rows of the "members per cell" part of an export: every cell of the subtree, or — for a subtree
    of more than EXPORT_CELL_LIMIT cells (a whole city) — each child unit with its members and cells."""
    if total_cells <= EXPORT_CELL_LIMIT:
        return [_("Mã"), _("Chi bộ"), _("Số đảng viên")], cell_rows_all(unit)
    gen = tally_state().generation
    children = list(unit.children.filter(valid_to__isnull=True).order_by("code"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"total": 0, "cells": 0})
    rows = Tally.objects.filter(unit__in=children, generation=gen, dimension__in=["total", "cell_size"])
    for unit_id, dimension, count in rows.values_list("unit_id", "dimension", "count"):
        counts[unit_id]["total" if dimension == "total" else "cells"] += count
    body: list[list[object]] = [
        [c.code, c.name, counts[c.pk]["total"], counts[c.pk]["cells"] or (1 if c.kind == OrgKind.CELL else 0)]
        for c in children
    ]
    return [_("Mã"), _("Đơn vị trực thuộc"), _("Số đảng viên"), _("Số chi bộ")], body


def cell_rows_all(unit: OrgUnit) -> list[list[object]]:
    """Every cell of the subtree with its member count (exports), in one query."""
    gen = tally_state().generation
    totals = dict(
        Tally.objects.filter(
            unit__path__startswith=unit.path, unit__kind=OrgKind.CELL, generation=gen, dimension="total"
        ).values_list("unit_id", "count")
    )
    return [[c.code, c.name, totals.get(c.pk, 0)] for c in _cells(unit)]


def _report(kind: str, title: str, unit: OrgUnit, period: str) -> Report:
    return Report(kind=kind, title=title, unit=unit, period=period, refreshed_at=tally_state().refreshed_at)
