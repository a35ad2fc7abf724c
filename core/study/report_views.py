"""A campaign's report on the tenant host (/hoc-tap/<id>/bao-cao/): per child unit of the chosen unit, rolled up
the tree, with CSV and XLSX through the one export writer. For whoever sees reports on that unit (reports.view)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.access.checks import has_perm_on
from core.access.permissions import REPORTS_VIEW
from core.exports.responses import csv_response, xlsx_response
from core.exports.writers import Sheet
from core.org.models import OrgUnit
from core.study.models import Campaign
from core.study.reports import campaign_report, report_rows


def _scope(request: HttpRequest, campaign_id: int) -> tuple[Campaign, OrgUnit]:
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("unit").first()
    if campaign is None:
        raise Http404
    unit_id = request.GET.get("don_vi", "")
    unit = campaign.unit
    if unit_id:
        found = OrgUnit.objects.filter(pk=int(unit_id)).first() if unit_id.isascii() and unit_id.isdigit() else None
        if found is None:
            raise Http404
        unit = found
    if not has_perm_on(request.user, REPORTS_VIEW, unit):
        raise Http404
    return campaign, unit


@login_required
def report_page(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, unit = _scope(request, campaign_id)
    own, rows = campaign_report(campaign, unit)
    context = {"campaign": campaign, "unit": unit, "own": own, "rows": rows}
    return render(request, "tenant/study/report.html", context)


def _filename(campaign: Campaign, unit: OrgUnit, ext: str) -> str:
    return f"hoc-tap-{campaign.pk}-don-vi-{unit.pk}.{ext}"


@login_required
def report_csv(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, unit = _scope(request, campaign_id)
    return csv_response(_filename(campaign, unit, "csv"), report_rows(*campaign_report(campaign, unit)))


@login_required
def report_xlsx(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign, unit = _scope(request, campaign_id)
    rows = report_rows(*campaign_report(campaign, unit))
    return xlsx_response(_filename(campaign, unit, "xlsx"), [Sheet(title="Học tập", rows=rows, bold_rows=(0,))])
