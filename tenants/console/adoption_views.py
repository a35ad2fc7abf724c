"""Console adoption pages: the cross-tenant overview and, per tenant, figures by rollout unit for a month
(table, 12-month trend as inline SVG, CSV/XLSX export, printable report for the standing committee), and the
cell meeting figures of the month by rollout unit (`core.stats.MeetingMonthly`).

Tenant figures are read from the pre-aggregated `core.stats.AdoptionMonthly` rows only: the view switches to
the tenant's schema in a try/finally, reads through selectors and goes back to public. Officers see only
their own tenant (`tenants.console.access`): any other id is a 404.
"""

import datetime as dt
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.exports.responses import csv_response, xlsx_response
from core.exports.writers import Row, Sheet
from core.stats.meeting_selectors import meeting_rows
from core.stats.models import AdoptionMonthly, MeetingMonthly
from core.stats.presentation import (
    MEETING_HEADERS,
    SERIES_HEADERS,
    TABLE_HEADERS,
    Chart,
    chart,
    meeting_row,
    seed_sentence,
    series_row,
    table_row,
)
from core.stats.selectors import AdoptionTable, adoption_series, adoption_table, parse_month
from tenants.console.access import console_required, console_tenant_or_404, console_tenants
from tenants.db.schema import tenant_schema
from tenants.models import Tenant
from tenants.rollout.models import RolloutUnit, RolloutWave, UnitState
from tenants.rollout.overview import overview_rows

BAD_MONTH = gettext_lazy("Tháng không hợp lệ: dùng dạng YYYY-MM, ví dụ 2026-03.")


@dataclass(frozen=True)
class UnitLine:
    row: AdoptionMonthly
    state: str  # UnitState value
    state_label: str
    wave: str


@dataclass(frozen=True)
class AdoptionData:
    tenant: Tenant
    month: dt.date
    table: AdoptionTable
    lines: list[UnitLine]
    series: list[tuple[dt.date, AdoptionMonthly | None]]
    meetings: list[MeetingMonthly]  # cell meeting figures: the root first, then the rollout units


class BadMonth(ValueError):
    pass


def _month(request: HttpRequest) -> dt.date:
    text = request.GET.get("month", "")
    if not text:
        return timezone.localdate().replace(day=1)
    month = parse_month(text)
    if month is None:
        raise BadMonth(text)
    return month


def load(tenant: Tenant, month: dt.date) -> AdoptionData:
    """The tenant's figures for `month` and the 12 months before (its schema), with rollout states (public)."""
    with tenant_schema(tenant):
        table = adoption_table(month)
        series = adoption_series(None, month)
        meetings = meeting_rows(month)
    rollout = {u.unit_code: u for u in RolloutUnit.objects.filter(tenant=tenant).select_related("wave")}
    lines = []
    for row in table.units:
        ru = rollout.get(row.unit.code)
        lines.append(
            UnitLine(
                row=row,
                state=ru.state if ru else UnitState.NOT_STARTED.value,
                state_label=ru.get_state_display() if ru else str(UnitState.NOT_STARTED.label),
                wave=ru.wave.name if ru and ru.wave else "",
            )
        )
    return AdoptionData(tenant=tenant, month=table.month, table=table, lines=lines, series=series, meetings=meetings)


def _context(data: AdoptionData) -> dict[str, object]:
    graph: Chart = chart(data.series)
    return {
        "t": data.tenant,
        "month": data.month,
        "month_value": f"{data.month:%Y-%m}",
        "lines": data.lines,
        "total": data.table.root,
        "sentence": seed_sentence(data.table.root) if data.table.root else "",
        "series": data.series,
        "chart": graph,
        "meeting_units": [r for r in data.meetings if r.unit.depth == 1],
        "meeting_total": next((r for r in data.meetings if r.unit.depth == 0), None),
    }


def _with_data(request: HttpRequest, tenant_id: int) -> AdoptionData | HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    try:
        month = _month(request)
    except BadMonth:
        return HttpResponse(BAD_MONTH, status=400, content_type="text/plain; charset=utf-8")
    return load(tenant, month)


@console_required
def overview(request: HttpRequest) -> HttpResponse:
    tenants = list(console_tenants(request.user).order_by("name"))
    return render(request, "console/adoption/overview.html", {"rows": overview_rows(tenants)})


@console_required
def adoption_page(request: HttpRequest, tenant_id: int) -> HttpResponse:
    data = _with_data(request, tenant_id)
    if isinstance(data, HttpResponse):
        return data
    return render(request, "console/adoption/page.html", _context(data))


@console_required
def adoption_report(request: HttpRequest, tenant_id: int) -> HttpResponse:
    data = _with_data(request, tenant_id)
    if isinstance(data, HttpResponse):
        return data
    context = _context(data)
    context["waves"] = list(RolloutWave.objects.filter(tenant=data.tenant).order_by("planned_start", "pk"))
    context["printed_at"] = timezone.localtime()
    return render(request, "console/adoption/report.html", context)


def _filename(data: AdoptionData, ext: str) -> str:
    return f"so-lieu-{data.tenant.schema_name}-{data.month:%Y-%m}.{ext}"


def _meeting_rows(data: AdoptionData) -> list[list[object]]:
    """The cell meeting table: rollout units, then the whole tenant (the root) last, like the adoption table."""
    ordered = [r for r in data.meetings if r.unit.depth == 1] + [r for r in data.meetings if r.unit.depth == 0]
    return [meeting_row(r, total=r.unit.depth == 0) for r in ordered]


def _table_rows(data: AdoptionData) -> list[list[object]]:
    rows = [table_row(line.row, line.state_label) for line in data.lines]
    if data.table.root is not None:
        total = table_row(data.table.root, "")
        total[0], total[1] = data.table.root.unit.code, f"Toàn đảng bộ: {data.table.root.unit.name}"
        rows.append(total)
    return rows


@console_required
def adoption_csv(request: HttpRequest, tenant_id: int) -> HttpResponse:
    data = _with_data(request, tenant_id)
    if isinstance(data, HttpResponse):
        return data
    rows: list[Row] = [
        [f"Số liệu sử dụng tháng {data.month:%m/%Y} — {data.tenant.name}"],
        ["Tỷ lệ phần trăm tính trên số đảng viên của từng đơn vị."],
        TABLE_HEADERS,
        *_table_rows(data),
        [],
        ["Diễn biến 12 tháng (toàn đảng bộ)"],
        SERIES_HEADERS,
        *(series_row(m, r) for m, r in data.series),
        [],
        [f"Sinh hoạt chi bộ tháng {data.month:%m/%Y}"],
        MEETING_HEADERS,
        *_meeting_rows(data),
    ]
    return csv_response(_filename(data, "csv"), rows)


@console_required
def adoption_xlsx(request: HttpRequest, tenant_id: int) -> HttpResponse:
    data = _with_data(request, tenant_id)
    if isinstance(data, HttpResponse):
        return data
    title: list[Row] = [
        [f"Số liệu sử dụng tháng {data.month:%m/%Y} — {data.tenant.name}"],
        ["Tỷ lệ phần trăm tính trên số đảng viên của từng đơn vị."],
    ]
    sheets = [
        Sheet(f"Tháng {data.month:%m-%Y}", [*title, TABLE_HEADERS, *_table_rows(data)], bold_rows=(2,)),
        Sheet("Diễn biến 12 tháng", [SERIES_HEADERS, *(series_row(m, r) for m, r in data.series)], bold_rows=(0,)),
        Sheet("Sinh hoạt chi bộ", [MEETING_HEADERS, *_meeting_rows(data)], bold_rows=(0,)),
    ]
    return xlsx_response(_filename(data, "xlsx"), sheets)
