"""Browse the audit log (nhật ký) per subtree."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_anywhere
from core.access.permissions import AUDIT_VIEW
from core.audit.selectors import audit_events
from core.org.selectors import unit_by_code


class AuditFilterForm(forms.Form):
    unit = forms.CharField(label=_("Mã tổ chức"), required=False, max_length=32)
    action = forms.CharField(label=_("Thao tác (bắt đầu bằng)"), required=False, max_length=64)
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    day_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    day_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, AUDIT_VIEW):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = unit_by_code(data["unit"]) if data.get("unit") else None
    events = audit_events(
        request.user,
        unit=unit,
        action=data.get("action") or "",
        actor=data.get("actor") or "",
        day_from=data.get("day_from"),
        day_to=data.get("day_to"),
    )[:200]
    return render(request, "tenant/audit/list.html", {"form": form, "events": events})
