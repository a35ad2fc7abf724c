"""Tree browser and structural actions (rename, add child, move, merge). Thin: services do the writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_on
from core.access.permissions import ORG_MANAGE, ORG_VIEW
from core.access.scope import units_in_scope
from core.org import services
from core.org.models import OrgUnit
from core.org.selectors import unit_ancestors, unit_by_code
from core.orgtree import restructure
from core.orgtree.forms import ChildForm, RenameForm, TargetCodeForm
from core.orgtree.selectors import unit_children_with_counts


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    tops = units_in_scope(request.user, ORG_VIEW)
    if len(tops) == 1:
        return redirect("org:unit", unit_id=tops[0].pk)
    if not tops:
        raise Http404
    return render(request, "tenant/org/scopes.html", {"units": tops})


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_object(
        OrgUnit.objects.select_related("parent", "merged_into"), unit_id, request.user, ORG_VIEW, "path"
    )
    can_manage = has_perm_on(request.user, ORG_MANAGE, unit)
    return render(
        request,
        "tenant/org/unit.html",
        {
            "unit": unit,
            "ancestors": [a for a in unit_ancestors(unit) if has_perm_on(request.user, ORG_VIEW, a)],
            "children": unit_children_with_counts(unit),
            "events": unit.events.select_related("actor").order_by("-at")[:20],
            "can_manage": can_manage,
            "rename_form": RenameForm(initial={"name": unit.name}),
            "child_form": ChildForm(),
            "target_form": TargetCodeForm(),
            "cell_members": unit.members.order_by("name_folded") if can_manage and unit.kind == "cell" else [],
        },
    )


def _target(request: HttpRequest, perm: str) -> OrgUnit:
    form = TargetCodeForm(request.POST)
    code = form.data.get("code", "").strip()
    target = unit_by_code(code)
    if target is None or not has_perm_on(request.user, perm, target):
        raise ValidationError(
            _("Không tìm thấy tổ chức có mã “%(code)s” trong phạm vi của bạn."), params={"code": code}
        )
    return target


def _split_parts(request: HttpRequest, unit: OrgUnit) -> list[dict]:
    """Two new cells from the form (code_1/name_1, code_2/name_2) and each member's choice (member_<id>)."""
    parts: list[dict] = []
    assigned: dict[str, list[int]] = {"1": [], "2": []}
    for n in ("1", "2"):
        code, name = request.POST.get(f"code_{n}", "").strip(), request.POST.get(f"name_{n}", "").strip()
        if not code or not name:
            raise ValidationError(_("Vui lòng nhập mã và tên cho cả hai chi bộ mới."))
        parts.append({"code": code, "name": name, "members": assigned[n]})
    for member_id in unit.members.values_list("pk", flat=True):
        choice = request.POST.get(f"member_{member_id}")
        if choice not in ("1", "2"):
            raise ValidationError(_("Mỗi đảng viên phải được chọn vào một trong hai chi bộ mới."))
        assigned[choice].append(member_id)
    return parts


@login_required
@require_POST
def unit_action(request: HttpRequest, unit_id: int, action: str) -> HttpResponse:
    unit = access_object(OrgUnit.objects.all(), unit_id, request.user, ORG_MANAGE, "path")
    actor = request.user
    try:
        if action == "rename":
            form = RenameForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Vui lòng nhập tên mới."))
            services.org_unit_rename(unit=unit, name=form.cleaned_data["name"], actor=actor)  # type: ignore[arg-type]
        elif action == "add-child":
            child = ChildForm(request.POST)
            if not child.is_valid():
                raise ValidationError("; ".join(str(e) for errs in child.errors.values() for e in errs))
            services.org_unit_create(parent=unit, actor=actor, **child.cleaned_data)  # type: ignore[arg-type]
        elif action == "move":
            services.org_unit_move(unit=unit, new_parent=_target(request, ORG_MANAGE), actor=actor)  # type: ignore[arg-type]
        elif action == "split":
            parts = _split_parts(request, unit)
            created = restructure.org_unit_split(unit=unit, parts=parts, actor=actor)  # type: ignore[arg-type]
            messages.success(request, _("Đã tách thành: %(units)s.") % {"units": ", ".join(u.name for u in created)})
            return redirect("org:unit", unit_id=created[0].pk)
        elif action == "merge":
            target = _target(request, ORG_MANAGE)
            restructure.org_unit_merge(source=unit, target=target, actor=actor)  # type: ignore[arg-type]
            messages.success(
                request, _("Đã sáp nhập %(unit)s vào %(target)s.") % {"unit": unit.name, "target": target.name}
            )
            return redirect("org:unit", unit_id=target.pk)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã lưu."))
    return redirect("org:unit", unit_id=unit.pk)
