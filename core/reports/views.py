"""Standard reports (/bao-cao/): for a unit of the viewer's REPORTS_VIEW scope (404 otherwise, like a missing
one) and a period — as a page, a print view, CSV and XLSX (through core/exports)."""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.access.checks import has_perm_on
from core.access.permissions import REPORTS_VIEW
from core.access.scope import units_in_scope
from core.exports.responses import csv_response, xlsx_response
from core.exports.writers import Row, Sheet
from core.org.models import OrgUnit
from core.org.selectors import unit_by_code
from core.ratings.selectors import rating_policy
from core.reports.builders import (
    CELL_PAGE,
    Report,
    cell_export_rows,
    cells_report,
    composition,
    movement_report,
    ratings_report,
)

KINDS = {
    "thanh-phan": gettext_lazy("Thành phần đảng viên"),
    "bien-dong": gettext_lazy("Biến động đảng viên"),
    "xep-loai": gettext_lazy("Kết quả đánh giá, xếp loại chất lượng"),
    "chi-bo": gettext_lazy("Chi bộ và số đảng viên"),
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class BadInput(ValueError):
    pass


def _date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise BadInput(_("Ngày không hợp lệ: dùng dạng ngày/tháng/năm, ví dụ 31/12/2026."))


def _unit(request: HttpRequest) -> OrgUnit:
    code = request.GET.get("unit", "").strip()
    if code:
        unit = unit_by_code(code)
    else:
        tops = units_in_scope(request.user, REPORTS_VIEW)
        unit = tops[0] if tops else None
    if unit is None or not has_perm_on(request.user, REPORTS_VIEW, unit):
        raise Http404
    return unit


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = _date(request.GET["from"]) if request.GET.get("from") else today.replace(month=1, day=1)
    end = _date(request.GET["to"]) if request.GET.get("to") else today
    if end < start:
        raise BadInput(_("Ngày cuối kỳ không được trước ngày đầu kỳ."))
    return start, end


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    if text:
        if not (text.isdigit() and 2000 <= int(text) <= 2100):
            raise BadInput(_("Năm không hợp lệ."))
        return int(text)
    return rating_policy().open_year or timezone.localdate().year - 1


def build(request: HttpRequest, kind: str) -> Report:
    unit = _unit(request)
    if kind == "thanh-phan":
        return composition(request.user, unit)
    if kind == "bien-dong":
        return movement_report(request.user, unit, *_period(request))
    if kind == "xep-loai":
        return ratings_report(request.user, unit, _year(request))
    if kind == "chi-bo":
        page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
        return cells_report(request.user, unit, page)
    raise Http404


def _with_report(request: HttpRequest, kind: str, respond: Callable[[Report], HttpResponse]) -> HttpResponse:
    if kind not in KINDS:
        raise Http404
    try:
        report = build(request, kind)
    except BadInput as exc:
        unit = _unit(request)
        return render(request, "tenant/reports/report.html", _context(request, kind, None, unit, str(exc)), status=400)
    return respond(report)


def _context(
    request: HttpRequest, kind: str, report: Report | None, unit: OrgUnit, error: str = ""
) -> dict[str, object]:
    query = request.GET.copy()
    query.pop("page", None)
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    return {
        "kind": kind,
        "kinds": KINDS.items(),
        "report": report,
        "unit": unit,
        "error": error,
        "query": query.urlencode(),
        "params": request.GET,
        "page": page,
        "has_next": report is not None and page * CELL_PAGE < report.total_cells,
        "children": unit.children.filter(valid_to__isnull=True).order_by("code")[:100],
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    return render(request, "tenant/reports/index.html", {"unit": unit, "kinds": KINDS.items()})


@login_required
def report_page(request: HttpRequest, report: str) -> HttpResponse:
    return _with_report(
        request, report, lambda r: render(request, "tenant/reports/report.html", _context(request, report, r, r.unit))
    )


@login_required
def report_print(request: HttpRequest, report: str) -> HttpResponse:
    def respond(built: Report) -> HttpResponse:
        context = {"report": built, "printed_at": timezone.localtime(), "tenant": getattr(request, "tenant", None)}
        return render(request, "tenant/reports/print.html", context)

    return _with_report(request, report, respond)


def rows_of(report: Report) -> list[Row]:
    """The report as spreadsheet rows: title lines, then each section (every cell of the subtree for "chi-bo")."""
    rows: list[Row] = [[f"{report.title} — {report.unit.name}"], [report.period]]
    if report.refreshed_at:
        rows.append([f"Số liệu tổng hợp lúc {timezone.localtime(report.refreshed_at):%H:%M %d/%m/%Y}"])
    for section in report.sections:
        headers, body = section.headers, section.rows
        if section.key == "cells":  # the export lists every cell (or, for a whole city, every child unit)
            headers, body = cell_export_rows(report.unit, report.total_cells)
            if len(headers) == 4:
                rows += [[], [f"Đơn vị có {report.total_cells:,} chi bộ: tải báo cáo của từng đơn vị trực thuộc để "
                              "có danh sách từng chi bộ."]]  # fmt: skip
        rows += [[], [section.title], headers, *body]
    rows += [[f"Không có quyền xem: {name}"] for name in report.hidden]
    return rows


def _filename(report: Report, ext: str) -> str:
    return f"bao-cao-{report.kind}-{report.unit.code}-{timezone.localdate():%Y-%m-%d}.{ext}"


@login_required
def report_csv(request: HttpRequest, report: str) -> HttpResponse:
    return _with_report(request, report, lambda r: csv_response(_filename(r, "csv"), rows_of(r)))


@login_required
def report_xlsx(request: HttpRequest, report: str) -> HttpResponse:
    return _with_report(
        request, report, lambda r: xlsx_response(_filename(r, "xlsx"), [Sheet(str(KINDS[report])[:31], rows_of(r))])
    )
