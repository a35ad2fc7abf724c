"""The meeting statistics page (/sinh-hoat/thong-ke/, URL name `meeting_stats`, mounted by core/urls.py): for a
unit the user holds (MEETINGS_RUN or ORG_VIEW), the month's figures of the unit, of each child unit and of each cell
of the subtree, computed live in SQL (`core.stats.meeting_selectors`). Units outside the user's scope are a 404, like
missing ones. It lives in stats, not meetings: stats reads meetings, never the other way (ADR 0042)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit
from core.org.selectors import unit_by_code
from core.stats.meeting_scope import may_view, top_unit
from core.stats.meeting_selectors import meeting_cells, meeting_children, meeting_unit
from core.stats.selectors import last_months, parse_month

MAX_CELL_ROWS = 500  # beyond this the page asks to pick a lower unit instead of listing every cell


@login_required
def meeting_stats(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("unit", "").strip()
    unit = unit_by_code(code) if code else top_unit(request.user)
    if unit is None or not may_view(request.user, unit):
        raise Http404
    this_month = timezone.localdate().replace(day=1)
    text = request.GET.get("month", "")
    month = parse_month(text) if text else this_month
    bad_month = month is None
    month = month or this_month
    in_subtree = OrgUnit.objects.filter(path__startswith=unit.path, kind__in=MEMBER_HOLDING_KINDS).count()
    cells = meeting_cells(unit, month) if in_subtree <= MAX_CELL_ROWS else []
    ancestors = [u for u in unit_ancestors(unit) if may_view(request.user, u)]
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "month": month,
        "month_value": f"{month:%Y-%m}",
        "months": [f"{m:%Y-%m}" for m in reversed(last_months(this_month, 13))],
        "bad_month": bad_month,
        "total": meeting_unit(unit, month),
        "children": meeting_children(unit, month),
        "cells": cells,
        "cells_hidden": in_subtree if in_subtree > MAX_CELL_ROWS else 0,
    }
    return render(request, "tenant/meetings/stats.html", context)


def unit_ancestors(unit: OrgUnit) -> list[OrgUnit]:
    """The units above `unit`, root first (one query), for the breadcrumb."""
    ids = [int(part) for part in unit.path.split(".") if part][:-1]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
