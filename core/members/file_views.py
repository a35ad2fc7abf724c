"""The member's file (hồ sơ): work history, rewards and disciplines, each line with its decision.

Anyone who may view the member sees the work history and rewards; disciplines only those who may see them
(core/members/sensitive.py). Adding and removing lines needs MEMBERS_MANAGE (the service checks)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_on
from core.access.permissions import MEMBERS_MANAGE, MEMBERS_VIEW
from core.members.models import Member
from core.members.record_forms import DisciplineFormFields, RewardForm, WorkForm
from core.members.record_services import (
    DecisionInput,
    discipline_add,
    record_remove,
    reward_add,
    work_period_add,
)
from core.members.sensitive import may_see
from core.web import acting_user, show_error

FORMS: dict[str, type[forms.Form]] = {"work": WorkForm, "reward": RewardForm, "discipline": DisciplineFormFields}


def _member(request: HttpRequest, member_id: int) -> Member:
    return access_object(Member.objects.select_related("cell"), member_id, request.user, MEMBERS_VIEW, "cell__path")


def _context(request: HttpRequest, member: Member, bound: dict[str, forms.Form] | None = None) -> dict[str, object]:
    sees_discipline = may_see(request.user, member, "discipline")
    manage = has_perm_on(request.user, MEMBERS_MANAGE, member.cell)
    forms_ = {kind: form_class() for kind, form_class in FORMS.items()} | (bound or {})
    return {
        "m": member,
        "work": member.work_periods.all(),
        "rewards": member.rewards.all(),
        "disciplines": member.disciplines.all() if sees_discipline else None,
        "can_manage": manage,
        "can_discipline": manage and sees_discipline,
        "forms": forms_,
    }


@login_required
def member_file(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    return render(request, "tenant/members/file.html", _context(request, member))


def _save(request: HttpRequest, member: Member, kind: str, form: forms.Form) -> None:
    d, actor = form.cleaned_data, acting_user(request)
    if kind == "work":
        work_period_add(
            member=member,
            started_on=d["started_on"],
            ended_on=d.get("ended_on"),
            position=d["position"],
            workplace=d["workplace"],
            actor=actor,
        )
        return
    data = DecisionInput(
        form=d["form"],
        decision_number=d["decision_number"],
        decision_date=d["decision_date"],
        issued_by=d.get("issued_by") or "",
        reason=d.get("reason") or "",
    )
    (reward_add if kind == "reward" else discipline_add)(member=member, data=data, actor=actor)


@login_required
@require_POST
def record_add(request: HttpRequest, member_id: int, kind: str) -> HttpResponse:
    member = _member(request, member_id)
    if kind not in FORMS or not has_perm_on(request.user, MEMBERS_MANAGE, member.cell):
        raise Http404
    form = FORMS[kind](request.POST)
    if form.is_valid():
        try:
            _save(request, member, kind, form)
        except PermissionDenied as exc:
            show_error(request, exc)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Đã ghi vào hồ sơ."))
            return redirect("members:file", member_id=member.pk)
    # the page again with the form as typed and its errors
    return render(request, "tenant/members/file.html", _context(request, member, {kind: form}), status=400)


@login_required
@require_POST
def record_delete(request: HttpRequest, member_id: int, kind: str, record_id: int) -> HttpResponse:
    member = _member(request, member_id)
    if kind not in FORMS:
        raise Http404
    try:
        record_remove(member=member, kind=kind, record_id=record_id, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã xoá dòng ghi nhầm."))
    return redirect("members:file", member_id=member.pk)
