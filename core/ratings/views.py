"""Rating pages (/xep-loai/): my self-assessment and results; a cell's sheet (proposals, approval, the cap);
the cells waiting for my approval; organisations' ratings; the policy. Units are fetched through
`access_object` with RATINGS_VIEW (404 alike for missing and out of scope); services check the writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_anywhere, has_perm_on
from core.access.permissions import RATINGS_APPROVE, RATINGS_MANAGE, RATINGS_PROPOSE, RATINGS_VIEW
from core.access.scope import units_in_scope
from core.members.selectors import member_of
from core.org.models import OrgKind, OrgUnit
from core.org.selectors import org_root, unit_by_code
from core.ratings import services
from core.ratings.forms import PolicyForm, SelfAssessmentForm, UnitProposalForm
from core.ratings.models import Level, MemberRating
from core.ratings.rules import RATED_UNIT_KINDS, is_rated
from core.ratings.selectors import cell_sheet, cells_to_approve, my_ratings, rating_policy, units_to_rate
from core.web import acting_user, show_error

PAGE = 50


def _year(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    return rating_policy().open_year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    policy, member = rating_policy(), member_of(request.user)
    year = policy.open_year
    current = MemberRating.objects.filter(member=member, year=year).first() if member and year else None
    can_self = bool(member and year and is_rated(member, year) and not (current and current.approved_level))
    initial = {"level": current.self_level, "note": current.self_note} if current and current.self_level else None
    form = SelfAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and member is not None and can_self and form.is_valid():
        try:
            services.rating_self_assess(
                member=member,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ghi bản tự đánh giá."))
            return redirect("ratings:home")
    cells = [u for u in units_in_scope(request.user, RATINGS_PROPOSE) if u.kind == OrgKind.CELL]
    context = {
        "policy": policy,
        "member": member,
        "current": current,
        "can_self": can_self,
        "form": form,
        "history": my_ratings(member) if member else [],
        "cells": cells,
        "can_approve": has_perm_anywhere(request.user, RATINGS_APPROVE),
        "can_manage": _can_manage(request),
    }
    return render(request, "tenant/ratings/home.html", context)


def _can_manage(request: HttpRequest) -> bool:
    root = org_root()
    return root is not None and has_perm_on(request.user, RATINGS_MANAGE, root)


def _cell(request: HttpRequest, unit_id: int) -> OrgUnit:
    qs = OrgUnit.objects.filter(kind=OrgKind.CELL).select_related("parent")
    return access_object(qs, unit_id, request.user, RATINGS_VIEW, "path")


@login_required
def cell(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _cell(request, unit_id)
    year = _year(request)
    if year is None:
        return render(request, "tenant/ratings/closed.html", {"unit": unit})
    sheet = cell_sheet(unit, year)
    is_open = year == rating_policy().open_year
    if request.method == "POST":
        if not (is_open and has_perm_on(request.user, RATINGS_PROPOSE, unit)):
            raise Http404
        _propose(request, unit)
        return redirect("ratings:cell", unit_id=unit.pk)
    context = {
        "unit": unit,
        "sheet": sheet,
        "levels": Level.choices,
        "can_propose": is_open and has_perm_on(request.user, RATINGS_PROPOSE, unit),
        "can_approve": is_open and unit.parent is not None and has_perm_on(request.user, RATINGS_APPROVE, unit.parent),
        "is_open": is_open,
    }
    return render(request, "tenant/ratings/cell.html", context)


def _propose(request: HttpRequest, unit: OrgUnit) -> None:
    levels: dict[int, str] = {}
    notes: dict[int, str] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("level_") and key[6:].isdigit() and value:
            levels[int(key[6:])] = value
            notes[int(key[6:])] = request.POST.get(f"note_{key[6:]}", "")
    if not levels:
        messages.error(request, _("Chưa chọn mức xếp loại cho đảng viên nào."))
        return
    try:
        state = services.rating_propose(cell=unit, levels=levels, notes=notes, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
        return
    messages.success(request, _("Đã lưu đề xuất của chi bộ."))
    if state.broken:
        messages.error(
            request,
            _(
                "Đề xuất vượt tỷ lệ: %(n)s đồng chí “hoàn thành xuất sắc”, tối đa %(max)s "
                "(%(pct)s%% số hoàn thành tốt trở lên)."
            )
            % {"n": state.excellent, "max": state.max_excellent, "pct": state.cap_pct},
        )


@login_required
@require_POST
def cell_approve(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _cell(request, unit_id)
    try:
        n = services.rating_approve_cell(cell=unit, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã duyệt xếp loại của %(n)s đảng viên.") % {"n": n})
    return redirect("ratings:cell", unit_id=unit.pk)


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, RATINGS_APPROVE):
        raise Http404
    year = _year(request)
    code = request.GET.get("unit", "").strip()
    unit = unit_by_code(code) if code else None
    page = max(int(request.GET["page"]), 1) if request.GET.get("page", "").isdigit() else 1
    rows, total = cells_to_approve(request.user, year or 0, unit, offset=(page - 1) * PAGE, limit=PAGE)
    context = {
        "year": year,
        "rows": rows,
        "total": total,
        "page": page,
        "has_next": page * PAGE < total,
        "code": code,
        "unknown_unit": bool(code) and unit is None,
        "tops": units_in_scope(request.user, RATINGS_APPROVE),
    }
    return render(request, "tenant/ratings/approvals.html", context)


@login_required
def organisations(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The organisations directly under a unit: their proposals, approval by this unit's committee."""
    parent = access_object(OrgUnit.objects.all(), unit_id, request.user, RATINGS_VIEW, "path")
    year = _year(request)
    is_open = year is not None and year == rating_policy().open_year
    if request.method == "POST" and is_open:
        _unit_write(request, parent)
        return redirect("ratings:organisations", unit_id=parent.pk)
    context = {
        "parent": parent,
        "year": year,
        "rows": units_to_rate(year, parent) if year else [],
        "levels": Level.choices,
        "can_approve": is_open and has_perm_on(request.user, RATINGS_APPROVE, parent),
        "can_propose_own": is_open
        and parent.kind in RATED_UNIT_KINDS
        and has_perm_on(request.user, RATINGS_PROPOSE, parent),
        "own_form": UnitProposalForm(),
        "children": parent.children.filter(valid_to__isnull=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("code")[:200],
    }
    return render(request, "tenant/ratings/organisations.html", context)


def _unit_write(request: HttpRequest, parent: OrgUnit) -> None:
    target_id = request.POST.get("unit", "")
    target = OrgUnit.objects.filter(pk=target_id).first() if target_id.isdigit() else None
    if target is None or not (target.pk == parent.pk or target.parent_id == parent.pk):
        raise Http404
    try:
        if request.POST.get("action") == "approve":
            services.rating_unit_approve(unit=target, actor=acting_user(request), level=request.POST.get("level", ""))
        else:
            form = UnitProposalForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Chọn mức xếp loại."))
            services.rating_unit_propose(
                unit=target,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                actor=acting_user(request),
            )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi xếp loại của %(unit)s.") % {"unit": target.name})


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    if not _can_manage(request):
        raise Http404
    current = rating_policy()
    initial = {"excellent_cap_pct": current.excellent_cap_pct, "open_year": current.open_year}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_policy_set(
                cap_pct=form.cleaned_data["excellent_cap_pct"],
                open_year=form.cleaned_data["open_year"],
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lưu quy định xếp loại."))
            return redirect("ratings:policy")
    return render(request, "tenant/ratings/policy.html", {"form": form})
