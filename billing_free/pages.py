"""What the console and the tenant host share: the month asked for, the statement context, its CSV rows."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing_free.models import DailyUsage, Plan
from billing_free.resources import RESOURCES
from billing_free.statements import Line, Statement, amount_text, month_start, number_text, parse_month, statement
from core.exports.responses import csv_response
from core.exports.writers import Row
from tenants.models import Tenant

BAD_MONTH = gettext_lazy("Tháng không hợp lệ: dùng dạng YYYY-MM, ví dụ 2026-03.")


def month_or_400(request: HttpRequest) -> dt.date | HttpResponse:
    text = request.GET.get("month", "")
    if not text:
        return month_start(timezone.localdate())
    month = parse_month(text)
    if month is None:
        return HttpResponse(BAD_MONTH, status=400, content_type="text/plain; charset=utf-8")
    return month


def plan_facts(plan: Plan) -> list[tuple[str, str]]:
    """Every limit of a plan, readable ("Không giới hạn" for 0)."""
    return [
        (str(r.label), amount_text(r, r.limit(plan)) if r.limit(plan) else _("Không giới hạn"))
        for r in RESOURCES.values()
    ]


def statement_context(tenant: Tenant, month: dt.date) -> dict[str, object]:
    data = statement(tenant, month)
    return {
        "t": tenant,
        "s": data,
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "facts": plan_facts(data.plan),
        "printed_at": timezone.localtime(),
    }


HEADERS = ["Hạng mục", "Đã dùng", "Hạn mức", "Tỷ lệ (%)"]
DAY_HEADERS = ["Ngày", "Đảng viên", "Đảng viên hoạt động", "Đơn vị chính thức", "Dung lượng (byte)",
               "Yêu cầu API", "Thông báo đã gửi"]  # fmt: skip


def _line_row(line: Line) -> Row:
    return [str(line.resource.label), line.used, line.limit or "", "" if line.percent is None else line.percent]


def _day_row(d: DailyUsage) -> Row:
    return [
        f"{d.day:%d/%m/%Y}",
        d.members,
        d.active_members,
        d.live_units,
        d.storage_bytes,
        d.api_requests,
        d.notifications_sent,
    ]


def statement_rows(data: Statement) -> list[Row]:
    return [
        [f"Sao kê sử dụng tháng {data.month:%m/%Y} — {data.tenant.name}"],
        ["Gói", data.plan.name, "Số tiền (VND)", data.amount_vnd],
        [],
        HEADERS,
        *(_line_row(line) for line in data.lines),
        ["Yêu cầu API trong tháng", data.api_requests, "", ""],
        ["Thông báo đã gửi trong tháng", data.notifications_sent, "", ""],
        [],
        DAY_HEADERS,
        *(_day_row(d) for d in data.days),
    ]


def statement_csv(tenant: Tenant, month: dt.date) -> HttpResponse:
    data = statement(tenant, month)
    return csv_response(f"sao-ke-{tenant.schema_name}-{month:%Y-%m}.csv", statement_rows(data))


__all__ = ["month_or_400", "number_text", "plan_facts", "statement_context", "statement_csv", "statement_rows"]
