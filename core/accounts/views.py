"""Account pages: bulk issuance with progress and one-time printable slips, a member's account page (issue /
admin password reset), and the forced or voluntary password change."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.access.checks import has_perm_anywhere, has_perm_on, scope_q
from core.access.permissions import ACCOUNTS_ISSUE, ACCOUNTS_RESET
from core.accounts import issuance
from core.accounts.adoption import adoption_figures
from core.accounts.forms import IssueForm, PasswordChangeForm
from core.accounts.issue_jobs import CacheUnavailable, IssueJob, job_get
from core.accounts.middleware import MUST_CHANGE_SESSION_KEY, allowed_during_password_change
from core.accounts.selectors import account_facts, issuance_children, issuance_counts, issue_units
from core.accounts.services import account_password_change, slips_printed
from core.accounts.slips import MAX_SLIPS_PAGE, job_cells, job_slips
from core.members.models import Member
from core.org.models import OrgUnit


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required ran
    return request.user


# --- Password change -------------------------------------------------------------------------------------------


@allowed_during_password_change
@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    forced = bool(request.session.get(MUST_CHANGE_SESSION_KEY))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        account_password_change(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        request.session.pop(MUST_CHANGE_SESSION_KEY, None)
        messages.success(request, _("Đã đổi mật khẩu. Từ nay bạn đăng nhập bằng mật khẩu mới."))
        return redirect(next_url or "home")
    return render(request, "tenant/accounts/password_change.html", {"form": form, "forced": forced, "next": next_url})


# --- Bulk issuance ----------------------------------------------------------------------------------------------


def _issue_unit(request: HttpRequest, code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(code=code).first()
    if unit is None or not has_perm_on(request.user, ACCOUNTS_ISSUE, unit):
        raise Http404
    return unit


@login_required
def issue(request: HttpRequest) -> HttpResponse:
    """Pick a unit in scope, see its account coverage, start an issuance."""
    user = _user(request)
    if not has_perm_anywhere(user, ACCOUNTS_ISSUE):
        raise Http404
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            unit = _issue_unit(request, form.cleaned_data["unit"])
            try:
                job = issuance.issuance_start(
                    unit=unit,
                    actor=user,
                    include_without_smartphone=form.cleaned_data["include_without_smartphone"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(f"{reverse('accounts:issue')}?unit={unit.code}")
            return redirect("accounts:issue_job", job_id=job.id)
        messages.error(request, _("Vui lòng chọn tổ chức đảng."))
        return redirect("accounts:issue")
    roots = issue_units(user)
    code = request.GET.get("unit", "").strip()
    selected = _issue_unit(request, code) if code else (roots[0] if len(roots) == 1 else None)
    context: dict[str, Any] = {"roots": roots, "unit": selected}
    if selected is not None:
        context |= {
            "counts": issuance_counts(selected),
            "children": issuance_children(selected),
            "adoption": adoption_figures(selected, timezone.localdate()),
            "form": IssueForm(initial={"unit": selected.code}),
        }
    return render(request, "tenant/accounts/issue.html", context)


class _StoreDown(Exception):
    pass


def _own_job(request: HttpRequest, job_id: str) -> IssueJob:
    """The job if it exists and was started by this user; 404 alike otherwise."""
    try:
        job = job_get(job_id)
    except CacheUnavailable:
        raise _StoreDown from None
    if job is None or not job.belongs_to(request.user):
        raise Http404
    return job


@never_cache
@login_required
def issue_job(request: HttpRequest, job_id: str) -> HttpResponse:
    try:
        job = _own_job(request, job_id)
    except _StoreDown:
        messages.error(request, issuance.UNAVAILABLE)
        return redirect("accounts:issue")
    context: dict[str, Any] = {"job": job, "max_page": MAX_SLIPS_PAGE}
    if job.finished and job.issued:
        context["cells"] = Paginator(job_cells(job, _user(request)), 100).get_page(request.GET.get("trang"))
    return render(request, "tenant/accounts/issue_job.html", context)


@never_cache
@login_required
def issue_job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    """Progress for static/js/sotay.js's poller: it keeps polling while status is "provisioning"."""
    try:
        job = _own_job(request, job_id)
    except _StoreDown:  # the poller retries a failed fetch: the job goes on, only its progress is out of sight
        return HttpResponse(issuance.UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8")
    label = _("%(done)s/%(total)s đảng viên · đã cấp %(issued)s tài khoản") % {
        "done": job.done,
        "total": job.total,
        "issued": job.issued,
    }
    return JsonResponse(
        {
            "progress": job.percent,
            "label": label,
            "status": "provisioning" if not job.finished else job.state,
            "reason": job.error,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _by_cell(slips: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for slip in slips:
        group = groups.setdefault(
            slip["cell_code"], {"code": slip["cell_code"], "name": slip["cell_name"], "slips": []}
        )
        group["slips"].append(slip)
    return list(groups.values())


def _slips_page(request: HttpRequest, title: str, slips: list[dict[str, Any]]) -> HttpResponse:
    response = render(
        request,
        "tenant/accounts/slips.html",
        {
            "title": title,
            "cells": _by_cell(slips),
            "count": len(slips),
            "login_url": request.build_absolute_uri("/"),
            "printed_at": timezone.localtime(),
        },
    )
    response["Cache-Control"] = "no-store"  # clear passwords: never kept by the browser or a proxy
    return response


@require_POST
@login_required
def issue_job_slips(request: HttpRequest, job_id: str) -> HttpResponse:
    """Printable slips of the job, all of them (jobs up to MAX_SLIPS_PAGE accounts) or of the cell posted.
    POST, so a link preview or prefetch prints nothing; every print is audited."""
    try:
        job = _own_job(request, job_id)
    except _StoreDown:
        messages.error(request, issuance.UNAVAILABLE)
        return redirect("accounts:issue")
    if not job.finished:
        return redirect("accounts:issue_job", job_id=job.id)
    cell = request.POST.get("cell", "").strip()[:32] or None
    if cell is None and job.issued > MAX_SLIPS_PAGE:
        messages.error(request, _("Đợt cấp lớn: hãy in phiếu theo từng chi bộ."))
        return redirect("accounts:issue_job", job_id=job.id)
    slips = job_slips(job, _user(request), cell_code=cell)
    if not slips:
        return render(request, "tenant/accounts/slips_gone.html", {"job": job}, status=410)
    slips_printed(actor=_user(request), job_id=job.id, unit_code=cell or job.unit_code, count=len(slips))
    return _slips_page(
        request, _("Phiếu tài khoản — %(name)s") % {"name": slips[0]["cell_name"] if cell else job.unit_name}, slips
    )


# --- One member's account ---------------------------------------------------------------------------------------


def _account_member(request: HttpRequest, member_id: int) -> Member:
    """The member if the user may issue or reset accounts over their cell; 404 alike otherwise."""
    user = request.user
    scope = scope_q(user, ACCOUNTS_RESET, "cell__path") | scope_q(user, ACCOUNTS_ISSUE, "cell__path")
    member = Member.objects.select_related("cell", "user").filter(scope, pk=member_id).first()
    if member is None:
        raise Http404
    return member


@login_required
def member_account(request: HttpRequest, member_id: int) -> HttpResponse:
    user = _user(request)
    member = _account_member(request, member_id)
    return render(
        request,
        "tenant/accounts/member.html",
        {
            "m": member,
            "facts": account_facts(member.user) if member.user else None,
            "can_issue": member.user is None and has_perm_on(user, ACCOUNTS_ISSUE, member.cell),
            "can_reset": member.user is not None and issuance.can_reset(user, member),
        },
    )


@require_POST
@login_required
def member_issue(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _account_member(request, member_id)
    try:
        slip = issuance.account_issue_one(member=member, actor=_user(request))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:member", member_id=member.pk)
    return _slips_page(request, _("Phiếu tài khoản — %(name)s") % {"name": member.full_name}, [slip.as_dict()])


@require_POST
@login_required
def member_reset(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _account_member(request, member_id)
    try:
        slip = issuance.account_reset_password(member=member, actor=_user(request))
    except PermissionDenied:
        messages.error(request, _("Bạn không thể đặt lại mật khẩu của tài khoản này."))
        return redirect("accounts:member", member_id=member.pk)
    return _slips_page(request, _("Mật khẩu mới — %(name)s") % {"name": member.full_name}, [slip.as_dict()])
