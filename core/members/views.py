"""Member pages: list/search (admins), detail, transfer, corrections; my profile and my cell (members)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access.checks import access_object, has_perm_anywhere, has_perm_on
from core.access.permissions import (
    ACCOUNTS_RESET,
    MEMBERS_ACT_FOR,
    MEMBERS_APPROVE_CORRECTIONS,
    MEMBERS_MANAGE,
    MEMBERS_MARK,
    MEMBERS_VIEW,
)
from core.members import services
from core.members.forms import CorrectionForm, MemberFilterForm, TransferForm
from core.members.models import CorrectionStatus, Member, ProfileCorrection
from core.members.selectors import (
    PAGE_SIZE,
    cell_roster,
    correction_view,
    member_of,
    member_search,
)
from core.members.sensitive import SENSITIVE_FIELDS, hidden_fields, may_see
from core.org.selectors import unit_by_code


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
def member_list(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, MEMBERS_VIEW):
        raise Http404
    form = MemberFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    unit = unit_by_code(data.get("unit") or "") if data.get("unit") else None
    if data.get("unit") and unit is None:
        messages.error(request, _("Không có tổ chức với mã này."))
    page_no = data.get("page") or 1
    page = member_search(
        request.user,
        q=data.get("q") or "",
        unit=unit,
        status=data.get("status") or "",
        offset=(page_no - 1) * PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "page_no": page_no,
        "unit": unit,
        "can_add": has_perm_anywhere(request.user, MEMBERS_MANAGE),
    }
    return render(request, "tenant/members/list.html", context)


def _detail_member(request: HttpRequest, member_id: int) -> Member:
    return access_object(
        Member.objects.select_related("cell", "user"), member_id, request.user, MEMBERS_VIEW, "cell__path"
    )


@login_required
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _detail_member(request, member_id)
    return render(
        request,
        "tenant/members/detail.html",
        {
            "m": member,
            "sees": {name: may_see(request.user, member, name) for name in SENSITIVE_FIELDS},
            "can_mark": has_perm_on(request.user, MEMBERS_MARK, member.cell),
            "can_add": has_perm_on(request.user, MEMBERS_MANAGE, member.cell),
            "transfers": member.transfers.select_related("from_cell", "to_cell")[:20],
            "corrections": [
                correction_view(request.user, c)
                for c in member.corrections.filter(status=CorrectionStatus.PENDING).select_related("member__cell")
            ],
            "can_manage": has_perm_on(request.user, MEMBERS_MANAGE, member.cell),
            "can_decide": has_perm_on(request.user, MEMBERS_APPROVE_CORRECTIONS, member.cell),
            "can_act_for": has_perm_on(request.user, MEMBERS_ACT_FOR, member.cell),
            "can_manage_account": has_perm_on(request.user, ACCOUNTS_RESET, member.cell),
            "transfer_form": TransferForm(),
            # a field the secretary may not see is not offered (and refused by the service if posted anyway)
            "correction_form": CorrectionForm(without=hidden_fields(request.user, member)),
        },
    )


@login_required
@require_POST
def member_transfer(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _detail_member(request, member_id)
    form = TransferForm(request.POST)
    target = unit_by_code(form.data.get("to_cell", "").strip())
    try:
        if target is None:
            raise ValidationError(_("Không có chi bộ với mã này."))
        services.member_transfer(
            member=member, to_cell=target, actor=_user(request), reason=form.data.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(
            request,
            " ".join(exc.messages)
            if isinstance(exc, ValidationError)
            else _("Bạn không có quyền chuyển đảng viên đến chi bộ này."),
        )
    else:
        messages.success(request, _("Đã chuyển sinh hoạt đến %(cell)s.") % {"cell": target.name})
    return redirect("members:detail", member_id=member.pk)


@login_required
@require_POST
def correction_decide(request: HttpRequest, correction_id: int, decision: str) -> HttpResponse:
    if decision not in ("duyet", "tu-choi"):
        raise Http404
    correction = access_object(
        ProfileCorrection.objects.select_related("member"),
        correction_id,
        request.user,
        MEMBERS_APPROVE_CORRECTIONS,
        "member__cell__path",
    )
    try:
        services.correction_decide(correction=correction, approve=decision == "duyet", actor=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã xử lý đề nghị."))
    return redirect("members:detail", member_id=correction.member_id)


def _propose(request: HttpRequest, member: Member, redirect_to: str, **kwargs: int) -> HttpResponse:
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correction_propose(
                member=member, values=form.changes(), note=form.cleaned_data["note"], actor=_user(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã gửi đề nghị sửa thông tin; chi bộ sẽ xem xét."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(reverse(redirect_to, kwargs=kwargs))


@login_required
@require_POST
def correction_for_member(request: HttpRequest, member_id: int) -> HttpResponse:
    """Proxy: a secretary records a correction for a member without a smartphone (audited)."""
    member = access_object(
        Member.objects.select_related("cell"), member_id, request.user, MEMBERS_ACT_FOR, "cell__path"
    )
    return _propose(request, member, "members:detail", member_id=member.pk)


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    from core.ratings.selectors import my_ratings

    member = member_of(request.user)
    if member is None:
        return render(request, "tenant/members/no_profile.html", status=404)
    if request.method == "POST":
        return _propose(request, member, "members:me")
    return render(
        request,
        "tenant/members/me.html",
        {
            "m": member,
            "sees": dict.fromkeys(SENSITIVE_FIELDS, True),  # the member's own profile
            "ratings": my_ratings(member),
            "statuses": member.status_changes.order_by("-on", "-pk")[:10],
            "form": CorrectionForm(),
            "pending": member.corrections.filter(status=CorrectionStatus.PENDING),
        },
    )


@login_required
def my_cell(request: HttpRequest) -> HttpResponse:
    member = member_of(request.user)
    if member is None:
        return render(request, "tenant/members/no_profile.html", status=404)
    from core.access.models import Role, RoleGrant

    leaders = RoleGrant.objects.filter(
        unit=member.cell, role__in=[Role.CELL_SECRETARY, Role.CELL_DEPUTY]
    ).select_related("user__member")
    return render(
        request,
        "tenant/members/my_cell.html",
        {"cell": member.cell, "roster": cell_roster(member.cell), "leaders": leaders},
    )
