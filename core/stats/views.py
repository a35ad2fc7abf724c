"""Adoption and meeting figures on the tenant host (/so-lieu/) for the units of the viewer's scope (ORG_VIEW or
MEETINGS_RUN: district and commune admins, cell secretaries, the organisation department) — the console's table,
12-month trend and exports, down to the cell. Units outside the scope are a 404, like missing ones."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.exports.responses import csv_response, xlsx_response
from core.exports.writers import Row, Sheet
from core.org.models import OrgUnit
from core.org.selectors import unit_ancestors, unit_by_code
from core.stats.meeting_scope import may_view, top_unit
from core.stats.meeting_selectors import MeetingFigures, meeting_children, meeting_unit
from core.stats.presentation import MEETING_HEADERS, SERIES_HEADERS, TABLE_HEADERS, chart, series_row, table_row
from core.stats.selectors import last_months, parse_month
from core.stats.unit_figures import FigureRow, UnitAdoption, unit_adoption


def _unit(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("unit", "").strip()
    unit = unit_by_code(code) if code else top_unit(request.user)
    if unit is None or not may_view(request.user, unit):
        raise Http404
    return unit


def _month(request: HttpRequest) -> tuple[dt.date, bool]:
    this_month = timezone.localdate().replace(day=1)
    text = request.GET.get("month", "")
    month = parse_month(text) if text else this_month
    return (month or this_month), month is None


@login_required
def adoption(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    month, bad_month = _month(request)
    data = unit_adoption(unit, month)
    context = {
        "unit": unit,
        "data": data,
        "month": data.month,
        "month_value": f"{data.month:%Y-%m}",
        "months": [f"{m:%Y-%m}" for m in reversed(last_months(timezone.localdate(), 13))],
        "bad_month": bad_month,
        "ancestors": [u for u in unit_ancestors(unit) if may_view(request.user, u)],
        "chart": chart(data.series),  # type: ignore[arg-type]
        "meeting_total": meeting_unit(unit, month),
        "meeting_children": meeting_children(unit, month),
    }
    return render(request, "tenant/stats/adoption.html", context)


def _table(data: UnitAdoption) -> list[list[object]]:
    rows = [table_row(r, "") for r in data.children]  # type: ignore[arg-type]
    if data.total is not None:
        total = table_row(data.total, "")  # type: ignore[arg-type]
        total[1] = f"Toàn đơn vị: {data.unit.name}"
        rows.append(total)
    return rows


def _meetings(unit: OrgUnit, month: dt.date) -> list[list[object]]:
    def row(f: MeetingFigures, name: str) -> list[object]:
        return [f.unit.code, name, f.expected, f.cells_met, f.held_pct, f.meetings_held, f.attendance_pct,
                f.opinions, f.tasks_overdue]  # fmt: skip

    children = [row(f, f.unit.name) for f in meeting_children(unit, month)]
    return [*children, row(meeting_unit(unit, month), f"Toàn đơn vị: {unit.name}")]


def _export_rows(data: UnitAdoption) -> tuple[list[Row], list[Row], list[Row]]:
    title: list[Row] = [
        [f"Số liệu sử dụng tháng {data.month:%m/%Y} — {data.unit.name}"],
        ["Tỷ lệ phần trăm tính trên số đảng viên của từng đơn vị."],
        TABLE_HEADERS,
        *_table(data),
    ]
    series: list[Row] = [SERIES_HEADERS, *(series_row(m, r) for m, r in data.series)]  # type: ignore[arg-type]
    meetings: list[Row] = [MEETING_HEADERS, *_meetings(data.unit, data.month)]
    return title, series, meetings


def _filename(data: UnitAdoption, ext: str) -> str:
    return f"so-lieu-{data.unit.code}-{data.month:%Y-%m}.{ext}"


@login_required
def adoption_csv(request: HttpRequest) -> HttpResponse:
    data = unit_adoption(_unit(request), _month(request)[0])
    table, series, meetings = _export_rows(data)
    rows: list[Row] = [*table, [], ["Diễn biến 12 tháng"], *series, [], ["Sinh hoạt chi bộ"], *meetings]
    return csv_response(_filename(data, "csv"), rows)


@login_required
def adoption_xlsx(request: HttpRequest) -> HttpResponse:
    data = unit_adoption(_unit(request), _month(request)[0])
    table, series, meetings = _export_rows(data)
    sheets = [
        Sheet(f"Tháng {data.month:%m-%Y}", table, bold_rows=(2,)),
        Sheet("Diễn biến 12 tháng", series, bold_rows=(0,)),
        Sheet("Sinh hoạt chi bộ", meetings, bold_rows=(0,)),
    ]
    return xlsx_response(_filename(data, "xlsx"), sheets)


__all__ = ["FigureRow", "adoption", "adoption_csv", "adoption_xlsx"]
