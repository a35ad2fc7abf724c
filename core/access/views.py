"""Role grants in the granter's scope: list, grant, revoke."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.access import services
from core.access.checks import access_object, has_perm_anywhere, has_perm_on, scoped
from core.access.models import Role, RoleGrant
from core.access.permissions import ROLES_GRANT
from core.org.selectors import unit_by_code


class GrantForm(forms.Form):
    who = forms.CharField(label=_("Tài khoản (tên đăng nhập, số thẻ đảng hoặc điện thoại)"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = forms.CharField(label=_("Tại tổ chức (mã)"), max_length=32)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _find_user(who: str) -> User | None:
    who = who.strip()
    return (
        get_user_model()
        .objects.filter(Q(username=who) | Q(member__party_card_number=who) | Q(member__phone=who))
        .first()
    )


@login_required
def grant_list(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, ROLES_GRANT):
        raise Http404
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target_user = _find_user(form.cleaned_data["who"])
        unit = unit_by_code(form.cleaned_data["unit"])
        try:
            if target_user is None:
                raise ValidationError(_("Không tìm thấy tài khoản này."))
            if unit is None or not has_perm_on(request.user, ROLES_GRANT, unit):
                raise ValidationError(_("Không tìm thấy tổ chức có mã này trong phạm vi của bạn."))
            services.role_grant(user=target_user, role=form.cleaned_data["role"], unit=unit, granter=_user(request))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã giao vai trò."))
            return redirect("access:grants")
    grants = scoped(RoleGrant.objects.select_related("user", "unit"), request.user, ROLES_GRANT, "unit__path")
    return render(request, "tenant/access/grants.html", {"form": form, "grants": grants.order_by("unit__path")[:500]})


@login_required
@require_POST
def grant_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = access_object(RoleGrant.objects.all(), grant_id, request.user, ROLES_GRANT, "unit__path")
    try:
        services.role_revoke(grant=grant, granter=_user(request))
    except PermissionDenied:
        messages.error(request, _("Bạn không được thu hồi vai trò này."))
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("access:grants")
