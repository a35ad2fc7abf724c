"""The audit log (nhật ký) per subtree: sentences, filters kept across pages, CSV export of the filtered log."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.access.checks import has_perm_anywhere
from core.access.permissions import AUDIT_VIEW
from core.auditlog.forms import AuditFilterForm
from core.auditlog.selectors import audit_events, audit_export_lines, audit_page
from core.exports.responses import csv_response

CSV_HEADERS = [
    "Thời gian",
    "Người thực hiện",
    "Thay cho",
    "Thao tác",
    "Nội dung",
    "Đơn vị",
    "Mã thao tác",
    "Mã yêu cầu",
]


def _form(request: HttpRequest) -> AuditFilterForm:
    if not has_perm_anywhere(request.user, AUDIT_VIEW):
        raise Http404
    return AuditFilterForm(request.GET or None)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        return 1


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    page = audit_page(audit_events(request.user, form.filters()), _page_number(request))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tenant/audit/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def audit_csv(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    lines = audit_export_lines(audit_events(request.user, form.filters()))
    rows = (
        [
            timezone.localtime(line.event.created_at).strftime("%d/%m/%Y %H:%M:%S"),
            line.actor,
            line.on_behalf_of,
            line.kind,
            line.sentence,
            line.unit,
            line.event.action,
            line.event.request_id,
        ]
        for line in lines
    )
    filename = f"nhat-ky-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, [CSV_HEADERS, *rows])
