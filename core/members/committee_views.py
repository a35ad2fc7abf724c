"""The committee (cấp ủy) of a party organisation: list of seats, appoint and end seats."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_on
from core.access.permissions import IMPORTS_RUN, MEMBERS_MANAGE, MEMBERS_VIEW
from core.members.committee import committee_of, committee_seat_add, committee_seat_end
from core.members.models import CommitteePosition, CommitteeSeat, Member
from core.org.models import OrgUnit
from core.web import acting_user, show_error


class SeatForm(forms.Form):
    card = forms.CharField(label=_("Số thẻ đảng của đảng viên"), max_length=32)
    position = forms.ChoiceField(label=_("Chức vụ"), choices=CommitteePosition.choices)


def _unit(request: HttpRequest, unit_id: int) -> OrgUnit:
    return access_object(OrgUnit.objects.all(), unit_id, request.user, MEMBERS_VIEW, "path")


@login_required
def committee(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    return render(
        request,
        "tenant/members/committee.html",
        {
            "unit": unit,
            "seats": committee_of(unit),
            "can_manage": has_perm_on(request.user, MEMBERS_MANAGE, unit),
            "can_import": has_perm_on(request.user, IMPORTS_RUN, unit),
            "form": SeatForm(),
        },
    )


@login_required
@require_POST
def seat_add(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    form = SeatForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập số thẻ đảng và chức vụ."))
        return redirect("members:committee", unit_id=unit.pk)
    member = Member.objects.filter(party_card_number=form.cleaned_data["card"].strip()).first()
    if member is None:
        messages.error(request, _("Không tìm thấy đảng viên có số thẻ này."))
        return redirect("members:committee", unit_id=unit.pk)
    try:
        committee_seat_add(unit=unit, member=member, position=form.cleaned_data["position"], actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã bổ sung %(name)s vào cấp ủy.") % {"name": member.full_name})
    return redirect("members:committee", unit_id=unit.pk)


@login_required
@require_POST
def seat_end(request: HttpRequest, unit_id: int, seat_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    seat = CommitteeSeat.objects.filter(pk=seat_id, unit=unit).first()
    if seat is None:
        raise Http404
    try:
        committee_seat_end(seat=seat, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận thôi giữ chức vụ cấp ủy."))
    return redirect("members:committee", unit_id=unit.pk)
