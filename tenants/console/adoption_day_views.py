"""Console: a tenant's adoption figures as of a day, drilled down from the committee to its units and cells.

/console/dang-bo/<tenant_id>/so-lieu/ngay/?day=YYYY-MM-DD&unit=<code>&decimals=0|1|2&from=YYYY-MM&to=YYYY-MM

The figures are computed in the tenant's schema (core/stats/day_figures.py, cached briefly) inside try/finally;
rollout states, wave targets and overdue pilots come from the public rollout rows (tenants/rollout/follow.py).
Officers see only their own tenant (`console_tenant_or_404`).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.org.models import OrgUnit
from core.stats.day_figures import ActivityAverage, DayRow, DayTable, activity_average, day_table, parse_day
from core.stats.presentation import day_sentence
from core.stats.selectors import parse_month
from tenants.console.access import console_required, console_tenant_or_404
from tenants.db.schema import tenant_schema
from tenants.models import Tenant
from tenants.rollout.follow import UnitCounts, overdue_pilots, wave_progress
from tenants.rollout.models import RolloutUnit, RolloutWave


@dataclass(frozen=True)
class Query:
    day: dt.date
    unit_code: str
    decimals: int
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True)
class DayData:
    table: DayTable | None
    crumbs: list[OrgUnit]
    activity: ActivityAverage | None


class BadQuery(ValueError):
    pass


def _query(request: HttpRequest) -> Query:
    params = request.GET
    day = parse_day(params["day"]) if params.get("day") else timezone.localdate()
    decimals = params.get("decimals", "1")
    first, last = (parse_month(params.get(k, "")) for k in ("from", "to"))
    ranged = bool(params.get("from") or params.get("to"))
    if day is None or decimals not in ("0", "1", "2") or (ranged and (not first or not last or first > last)):
        raise BadQuery
    return Query(day, params.get("unit", "").strip()[:32], int(decimals), first, last)


def _load(tenant: Tenant, q: Query) -> DayData:
    with tenant_schema(tenant):
        unit = OrgUnit.objects.filter(code=q.unit_code).first() if q.unit_code else None
        unit = unit or OrgUnit.objects.filter(depth=0).order_by("pk").first()
        if unit is None:
            return DayData(None, [], None)
        ids = [int(part) for part in unit.path.split(".") if part]
        crumbs = sorted(OrgUnit.objects.filter(pk__in=ids), key=lambda u: u.depth)
        activity = activity_average(unit, q.first, q.last) if q.first and q.last and unit.depth <= 1 else None
        return DayData(day_table(unit, q.day), crumbs, activity)


def _rollout(tenant: Tenant, data: DayData, day: dt.date) -> dict[str, Any]:
    units = list(RolloutUnit.objects.filter(tenant=tenant).select_related("wave"))
    waves = list(RolloutWave.objects.filter(tenant=tenant).order_by("planned_start", "pk"))
    context: dict[str, Any] = {"overdue": overdue_pilots(units, day), "states": {u.unit_code: u for u in units}}
    if data.table is not None and data.table.total.unit.depth == 0:
        counts = {r.unit.code: UnitCounts(r.members, r.installed) for r in data.table.children}
        context["waves"] = wave_progress(waves, units, counts, day)
    return context


def _line(row: DayRow, state: RolloutUnit | None, decimals: int) -> dict[str, Any]:
    return {
        "row": row,
        "state": state,
        "installed": row.pct(row.installed, decimals=decimals),
        "ever": row.pct(row.logged_in_ever, decimals=decimals),
        "both": row.pct(row.installed_and_logged_in, decimals=decimals),
    }


@console_required
def adoption_day(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    try:
        q = _query(request)
    except BadQuery:
        message = _("Tham số không hợp lệ: ngày dạng YYYY-MM-DD, tháng dạng YYYY-MM, số chữ số thập phân 0, 1 hoặc 2.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    data = _load(tenant, q)
    context: dict[str, Any] = {"t": tenant, "q": q, "data": data, **_rollout(tenant, data, q.day)}
    if data.table is not None:
        context["lines"] = [_line(r, context["states"].get(r.unit.code), q.decimals) for r in data.table.children]
        context["sentence"] = day_sentence(data.table.total, q.decimals, data.activity)
    return render(request, "console/adoption/day.html", context)
