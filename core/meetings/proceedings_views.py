"""Pages of proceedings and catch-up. Secretary (POST from the meeting page): mark held, minutes (save, approve),
resolution, tasks, follow-up of earlier tasks, close, cancel. Member: past meetings of my cell, one past meeting
(records the read receipt), my tasks and their status."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access.checks import scope_q
from core.access.permissions import MEETINGS_RUN
from core.meetings import roster
from core.meetings.models import MeetingStatus, MeetingTask, Minutes, MinutesStatus, TaskStatus
from core.meetings.proceedings_forms import CancelForm, MinutesForm, ResolutionForm, TaskForm, TaskStatusForm
from core.meetings.selectors import my_opinions
from core.meetings.selectors_proceedings import (
    HISTORY_PAGE_SIZE,
    member_of,
    my_tasks,
    past_meeting_for,
    past_meetings,
    tasks_to_review,
)
from core.meetings.services import catchup, proceedings
from core.meetings.view_helpers import AFTER, BEFORE, DURING, acting_user, managed_meeting, show_error, to_step
from core.members.models import Member


def _back(meeting_id: int, step: str = AFTER, anchor: str = "") -> HttpResponse:
    return to_step(meeting_id, step, anchor)


# --- secretary ---------------------------------------------------------------------------------------------------


@login_required
@require_POST
def mark_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    try:
        proceedings.meeting_mark_held(meeting=meeting, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã đánh dấu buổi sinh hoạt đã họp; ghi biên bản, nghị quyết và nhiệm vụ."))
    return _back(meeting.pk, DURING, "diem-danh")


@login_required
@require_POST
def briefed(request: HttpRequest, meeting_id: int, member_id: int) -> HttpResponse:
    """The secretary briefed an absent member without a smartphone in person: their catch-up is recorded."""
    meeting = managed_meeting(request, meeting_id)
    member = roster.participants(meeting).filter(pk=member_id).first()
    if member is None:
        raise Http404
    try:
        catchup.read_receipt_record_for(meeting=meeting, member=member, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("Đã ghi nhận: đồng chí %(name)s đã được phổ biến lại nội dung.") % {"name": member.full_name}
        )
    return _back(meeting.pk, AFTER, "theo-doi")


@login_required
@require_POST
def minutes_save(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập nội dung biên bản."))
        return _back(meeting.pk, AFTER, "bien-ban")
    try:
        proceedings.minutes_save(meeting=meeting, actor=acting_user(request), text=form.cleaned_data["text"])
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã lưu bản nháp biên bản."))
    return _back(meeting.pk, AFTER, "bien-ban")


@login_required
@require_POST
def minutes_approve(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    try:
        proceedings.minutes_approve(meeting=meeting, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã duyệt biên bản."))
    return _back(meeting.pk, AFTER, "bien-ban")


@login_required
@require_POST
def resolution(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập nội dung nghị quyết."))
        return _back(meeting.pk, AFTER, "nghi-quyet")
    try:
        proceedings.resolution_record(meeting=meeting, actor=acting_user(request), text=form.cleaned_data["text"])
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi nghị quyết."))
    return _back(meeting.pk, AFTER, "nghi-quyet")


@login_required
@require_POST
def task_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    form = TaskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập nhiệm vụ và hạn hoàn thành hợp lệ."))
        return _back(meeting.pk, AFTER, "nhiem-vu")
    owner = None
    if form.cleaned_data["owner"]:
        owner = roster.participants(meeting).filter(pk=form.cleaned_data["owner"]).first()
        if owner is None:
            raise Http404
    try:
        proceedings.task_add(
            meeting=meeting,
            actor=acting_user(request),
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
            owner=owner,
        )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã giao nhiệm vụ."))
    return _back(meeting.pk, AFTER, "nhiem-vu")


@login_required
@require_POST
def task_review(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """One form for the whole follow-up list: `status_<task id>` and `note_<task id>` per task."""
    meeting = managed_meeting(request, meeting_id)
    entries = [
        proceedings.ReviewEntry(
            task=task, status=request.POST[f"status_{task.pk}"], note=request.POST.get(f"note_{task.pk}", "")
        )
        for task in tasks_to_review(meeting)
        if request.POST.get(f"status_{task.pk}") in TaskStatus.values
    ]
    try:
        proceedings.task_review(meeting=meeting, actor=acting_user(request), entries=entries)
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã kiểm điểm %(count)s nhiệm vụ kỳ trước.") % {"count": len(entries)})
    return _back(meeting.pk, DURING, "kiem-diem")


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """GET: what closing does (who gets marked absent, what locks) and a confirm button; POST: closes."""
    meeting = managed_meeting(request, meeting_id)
    if request.method == "GET":
        if meeting.status != MeetingStatus.HELD:
            return _back(meeting.pk, AFTER)
        approved = Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists()
        context = {"meeting": meeting, "plan": proceedings.close_plan(meeting), "minutes_approved": approved}
        return render(request, "tenant/meetings/confirm_close.html", context)
    try:
        plan = proceedings.meeting_close(meeting=meeting, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(
            request,
            _(
                "Đã kết thúc buổi sinh hoạt; ghi vắng không lý do cho %(unexcused)s và miễn sinh hoạt cho "
                "%(exempt)s đồng chí chưa điểm danh."
            )
            % {"unexcused": len(plan.unexcused), "exempt": len(plan.exempt)},
        )
    return _back(meeting.pk, AFTER)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """GET: what cancelling does and the reason field; POST: cancels."""
    meeting = managed_meeting(request, meeting_id)
    if request.method == "GET":
        if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
            return _back(meeting.pk, BEFORE)
        return render(request, "tenant/meetings/confirm_cancel.html", {"meeting": meeting})
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do hủy buổi sinh hoạt."))
        return _back(meeting.pk, BEFORE)
    try:
        notified = proceedings.meeting_cancel(
            meeting=meeting, actor=acting_user(request), reason=form.cleaned_data["reason"]
        )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã hủy buổi sinh hoạt; đã báo cho %(count)s đảng viên.") % {"count": notified})
    return _back(meeting.pk, BEFORE)


# --- member ------------------------------------------------------------------------------------------------------


def _me(request: HttpRequest) -> Member:
    member = member_of(request.user)
    if member is None:
        raise Http404
    return member


@login_required
def history(request: HttpRequest) -> HttpResponse:
    """My cell's past meetings: did I attend, have I read it."""
    member = _me(request)
    page = Paginator(past_meetings(member), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "tenant/meetings/history.html", {"member": member, "page": page})


@login_required
def past_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A past meeting of my cell (approved minutes only); opening it records my read receipt."""
    past = past_meeting_for(request.user, meeting_id)
    if past is None:
        raise Http404
    receipt = catchup.read_receipt_record(meeting=past.meeting, member=past.member)
    context = {"past": past, "receipt": receipt, "my_opinions": my_opinions(past.meeting, past.member)}
    return render(request, "tenant/meetings/past.html", context)


@login_required
def tasks_mine(request: HttpRequest) -> HttpResponse:
    member = _me(request)
    return render(
        request,
        "tenant/meetings/my_tasks.html",
        {"member": member, "tasks": list(my_tasks(member))},
    )


def _task_for(request: HttpRequest, task_id: int) -> MeetingTask:
    """A task I own (from a meeting I take part in) or of a cell whose meetings I run; 404 alike otherwise."""
    runs = scope_q(request.user, MEETINGS_RUN, "cell__path")  # Q() (empty) means everywhere
    member = member_of(request.user)
    own = (Q(owner=member) & roster.meetings_of(member, "meeting__")) if member is not None else Q(pk__in=[])
    visible = (own | runs) if runs else Q()
    task = MeetingTask.objects.filter(visible, pk=task_id).first()
    if task is None:
        raise Http404
    return task


@login_required
@require_POST
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    task = _task_for(request, task_id)
    form = TaskStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trạng thái nhiệm vụ không hợp lệ."))
    else:
        try:
            proceedings.task_update_status(task=task, actor=acting_user(request), status=form.cleaned_data["status"])
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã cập nhật nhiệm vụ “%(task)s”.") % {"task": task.title})
    next_url = form.data.get("next") or ""
    if next_url.startswith("/sinh-hoat/") and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("meetings:tasks_mine")
