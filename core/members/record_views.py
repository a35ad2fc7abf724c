"""Member record pages: add a member, edit the profile, record status changes (with the dated history), and
mark "no smartphone". Members are fetched through `access_object` (404 alike for missing and out of scope);
the services check the write permission (MEMBERS_MANAGE, or MEMBERS_MARK for a secretary's marks)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_anywhere, has_perm_on
from core.access.permissions import MEMBERS_MANAGE, MEMBERS_MARK, MEMBERS_VIEW
from core.members.enrolment import member_create
from core.members.models import Member
from core.members.record_forms import MemberCreateForm, MemberForm, SmartphoneForm, StatusForm
from core.members.sensitive import MEMBER_FIELDS, SENSITIVE_FIELDS, hidden_fields
from core.members.services import member_update
from core.members.status import events_for, member_smartphone_set, member_status_change, status_history
from core.org.models import OrgUnit
from core.org.selectors import unit_by_code
from core.web import acting_user, show_error


def _member(request: HttpRequest, member_id: int, perm: str = MEMBERS_VIEW) -> Member:
    return access_object(Member.objects.select_related("cell", "user"), member_id, request.user, perm, "cell__path")


def _form_errors(form: MemberForm, exc: ValidationError) -> None:
    """A service's refusal shown on the form, which keeps what was typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def member_add(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, MEMBERS_MANAGE):
        raise Http404
    # A sensitive field is offered to those who may see it somewhere; the service refuses it for a cell where
    # they may not (with a message naming the field, the form keeping what was typed).
    hidden = [n for n in MEMBER_FIELDS if not has_perm_anywhere(request.user, SENSITIVE_FIELDS[n].permission)]
    form = MemberCreateForm(request.POST or None, without=hidden)
    if request.method == "POST" and form.is_valid():
        member = _create(request, form, unit_by_code(form.cleaned_data["cell"].strip()))
        if member is not None:
            messages.success(request, _("Đã thêm đồng chí %(name)s.") % {"name": member.full_name})
            return redirect("members:detail", member_id=member.pk)
    return render(request, "tenant/members/add.html", {"form": form})


def _create(request: HttpRequest, form: MemberCreateForm, unit: OrgUnit | None) -> Member | None:
    if unit is None:
        form.add_error("cell", _("Không có chi bộ với mã này."))
        return None
    try:
        return member_create(
            cell=unit,
            values=form.values(),
            actor=acting_user(request),
            event=form.cleaned_data["joined"],
            place=form.cleaned_data.get("place") or "",
        )
    except PermissionDenied:
        form.add_error("cell", _("Đồng chí không có quyền thêm đảng viên vào chi bộ này."))
    except ValidationError as exc:
        _form_errors(form, exc)
    return None


@login_required
def member_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id, MEMBERS_MANAGE)
    hidden = hidden_fields(request.user, member, MEMBER_FIELDS)
    form = MemberForm(request.POST or None, instance=Member.objects.get(pk=member.pk), without=hidden)
    if request.method == "POST" and form.is_valid():
        try:
            member_update(member=member, values=form.values(), actor=acting_user(request))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect("members:detail", member_id=member.pk)
    return render(request, "tenant/members/edit.html", {"m": member, "form": form})


@login_required
def member_status(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    events = events_for(acting_user(request), member)
    form = StatusForm(request.POST or None, events=events)
    if request.method == "POST":
        if not events:
            raise Http404
        if form.is_valid():
            try:
                member_status_change(member=member, data=form.data_input(), actor=acting_user(request))
            except PermissionDenied:
                form.add_error("event", _("Đồng chí không có quyền ghi sự kiện này."))
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Đã ghi thay đổi trạng thái."))
                return redirect("members:status", member_id=member.pk)
    context = {"m": member, "form": form, "events": events, "history": status_history(member)}
    return render(request, "tenant/members/status.html", context)


@login_required
@require_POST
def member_smartphone(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member(request, member_id)
    if not (
        has_perm_on(request.user, MEMBERS_MARK, member.cell) or has_perm_on(request.user, MEMBERS_MANAGE, member.cell)
    ):
        raise Http404
    form = SmartphoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chọn có hoặc không có điện thoại thông minh."))
    else:
        try:
            member_smartphone_set(
                member=member, has_smartphone=form.cleaned_data["has_smartphone"], actor=acting_user(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã ghi nhận."))
    return redirect("members:detail", member_id=member.pk)
