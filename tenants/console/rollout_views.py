"""Console pages of a tenant's rollout: the plan (units by state, waves, transitions) and a unit's history.

Officers of the tenant and operators use them alike; the tenant comes from tenants/console/access.py, and
units and waves are looked up within that tenant only (another tenant's ids are a 404).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.console.access import console_required, console_tenant_or_404
from tenants.console.forms import UnitTransitionForm, WaveCreateForm, WavePromoteForm
from tenants.models import Tenant
from tenants.rollout import services
from tenants.rollout.models import TRANSITIONS, RolloutUnit, RolloutWave, UnitState
from tenants.rollout.selectors import rollout_plan, unit_history


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _next_states(unit: RolloutUnit) -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in UnitState.choices if value in TRANSITIONS[unit.state]]


def _unit_or_404(tenant: Tenant, unit_id: int) -> RolloutUnit:
    unit = RolloutUnit.objects.filter(tenant=tenant, pk=unit_id).select_related("tenant").first()
    if unit is None:
        raise Http404
    return unit


def _wave_or_404(tenant: Tenant, wave_id: int) -> RolloutWave:
    wave = RolloutWave.objects.filter(tenant=tenant, pk=wave_id).select_related("tenant").first()
    if wave is None:
        raise Http404
    return wave


def _plan(
    request: HttpRequest,
    tenant: Tenant,
    *,
    bound_unit: tuple[int, UnitTransitionForm] | None = None,
    wave_form: WaveCreateForm | None = None,
    bound_wave: tuple[int, WavePromoteForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The plan page; a form that failed is shown again bound, with its errors, so nothing typed is lost."""
    groups, waves = rollout_plan(tenant)
    all_units: list[RolloutUnit] = []
    for group in groups:
        for unit in group.units:
            if bound_unit is not None and bound_unit[0] == unit.pk:
                unit.form = bound_unit[1]  # type: ignore[attr-defined]
            else:
                unit.form = UnitTransitionForm(next_states=_next_states(unit), prefix=f"u{unit.pk}")  # type: ignore[attr-defined]
            all_units.append(unit)
    for wave in waves:
        bound = bound_wave is not None and bound_wave[0] == wave.pk
        wave.form = bound_wave[1] if bound_wave is not None and bound else WavePromoteForm(prefix=f"w{wave.pk}")  # type: ignore[attr-defined]
    choices = [(u.unit_code, u.unit_name) for u in sorted(all_units, key=lambda u: u.unit_code)]
    context: dict[str, Any] = {
        "t": tenant,
        "groups": groups,
        "waves": waves,
        "total": len(all_units),
        "wave_form": wave_form or WaveCreateForm(units=choices, prefix="wave"),
    }
    return render(request, "console/rollout/plan.html", context, status=status)


@console_required
def plan(request: HttpRequest, tenant_id: int) -> HttpResponse:
    return _plan(request, console_tenant_or_404(request.user, tenant_id))


@console_required
@require_POST
def units_sync(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    result = services.rollout_units_sync(tenant, actor=_actor(request))
    messages.success(request, _("Đã đồng bộ đơn vị: thêm %(created)s, đổi tên %(renamed)s, tổng %(total)s.") % result)
    return redirect("console:rollout_plan", tenant_id=tenant.pk)


@console_required
@require_POST
def unit_transition(request: HttpRequest, tenant_id: int, unit_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    unit = _unit_or_404(tenant, unit_id)
    form = UnitTransitionForm(request.POST, next_states=_next_states(unit), prefix=f"u{unit.pk}")
    if form.is_valid():
        try:
            services.unit_transition(
                unit,
                form.cleaned_data["to_state"],
                actor=_actor(request),
                reason=form.cleaned_data["reason"],
                new_end_date=form.cleaned_data["new_end_date"],
            )
        except ValidationError as exc:
            field = "new_end_date" if exc.code in ("end_date_required", "end_date_too_early") else None
            form.add_error(field, exc)
        else:
            messages.success(
                request,
                _("Đã chuyển “%(unit)s” sang “%(state)s”.")
                % {"unit": unit.unit_name, "state": unit.get_state_display()},
            )
            return redirect("console:rollout_plan", tenant_id=tenant.pk)
    messages.error(
        request, _("Chưa chuyển được trạng thái của “%(unit)s”: xem lỗi bên dưới.") % {"unit": unit.unit_name}
    )
    return _plan(request, tenant, bound_unit=(unit.pk, form), status=400)


@console_required
@require_POST
def wave_create(request: HttpRequest, tenant_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    choices = list(RolloutUnit.objects.filter(tenant=tenant).values_list("unit_code", "unit_name"))
    form = WaveCreateForm(request.POST, units=choices, prefix="wave")
    if form.is_valid():
        try:
            wave = services.wave_create(tenant, actor=_actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã tạo đợt “%(wave)s”.") % {"wave": wave.name})
            return redirect("console:rollout_plan", tenant_id=tenant.pk)
    messages.error(request, _("Chưa tạo được đợt triển khai: xem lỗi bên dưới."))
    return _plan(request, tenant, wave_form=form, status=400)


@console_required
@require_POST
def wave_promote(request: HttpRequest, tenant_id: int, wave_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    wave = _wave_or_404(tenant, wave_id)
    form = WavePromoteForm(request.POST, prefix=f"w{wave.pk}")
    if form.is_valid():
        try:
            moved = services.wave_promote(wave, actor=_actor(request), reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đợt “%(wave)s”: %(count)s đơn vị chuyển sang triển khai chính thức.")
                % {"wave": wave.name, "count": moved},
            )
            return redirect("console:rollout_plan", tenant_id=tenant.pk)
    messages.error(request, " ".join(str(e) for e in form.non_field_errors()) or _("Vui lòng ghi lý do."))
    return _plan(request, tenant, bound_wave=(wave.pk, form), status=400)


@console_required
def unit_history_view(request: HttpRequest, tenant_id: int, unit_id: int) -> HttpResponse:
    tenant = console_tenant_or_404(request.user, tenant_id)
    unit = _unit_or_404(tenant, unit_id)
    return render(
        request, "console/rollout/history.html", {"t": tenant, "unit": unit, "transitions": unit_history(unit)}
    )
