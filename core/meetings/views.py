"""Meeting pages: a member's next meeting (agenda, opinions, check-in); the secretary's schedule, agenda,
publish, live check-in code, attendance and opinions."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.access.checks import has_perm_anywhere, scoped
from core.access.permissions import MEETINGS_RUN
from core.meetings import schedule_views
from core.meetings.forms import AgendaItemForm, AttendanceForm, CheckInForm, OpinionForm, ScheduleForm
from core.meetings.models import AgendaItem, Attendance, AttendanceStatus, Meeting, Opinion
from core.meetings.roster import participants
from core.meetings.secretary_page import page_context
from core.meetings.selectors import meetings_managed, my_next_meeting, my_opinions
from core.meetings.selectors_secretary import meeting_for_runner
from core.meetings.services import checkin, participation, scheduling
from core.meetings.view_helpers import (
    BEFORE,
    DURING,
    STEP_NAMES,
    STEPS,
    acting_user,
    default_step,
    managed_meeting,
    show_error,
    to_step,
)
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit


def _cells(request: HttpRequest) -> list[tuple[str, str]]:
    """Cells the user runs meetings for, then the committees (for committee meetings) — at most 500 each."""
    units = scoped(OrgUnit.objects.filter(valid_to__isnull=True), request.user, MEETINGS_RUN, "path")
    cells = units.filter(kind__in=[OrgKind.CELL, OrgKind.PARTY_GROUP])[:500]
    committees = units.exclude(kind__in=[OrgKind.CELL, OrgKind.PARTY_GROUP])[:500]
    return [(u.code, u.name) for u in cells] + [
        (u.code, _("Cấp ủy %(unit)s (họp cấp ủy)") % {"unit": u.name}) for u in committees
    ]


# --- member ------------------------------------------------------------------------------------------------------


@login_required
def my_meeting(request: HttpRequest, meeting_id: int | None = None) -> HttpResponse:
    """The member's next meeting (/sinh-hoat/) or, from the list of their other upcoming meetings, that one."""
    mine = my_next_meeting(request.user, meeting_id, with_others=True)
    if mine is None:
        return render(request, "tenant/members/no_profile.html", status=404)
    if meeting_id is not None and mine.meeting is None:
        raise Http404
    return render(
        request,
        "tenant/meetings/mine.html",
        {
            "mine": mine,
            "meeting": mine.meeting,
            "opinion_form": OpinionForm(initial={"idem": uuid.uuid4().hex}),
            "my_opinions": my_opinions(mine.meeting, mine.member) if mine.meeting else [],
            "opinions_editable": mine.meeting is not None and mine.meeting.starts_at > timezone.now(),
            "checkin_form": CheckInForm(),
            "checkin_open": mine.meeting is not None and checkin.checkin_open(mine.meeting),
            "can_manage": has_perm_anywhere(request.user, MEETINGS_RUN),
        },
    )


def _member_meeting(request: HttpRequest, meeting_id: int) -> tuple[Meeting, Member]:
    """One of the member's upcoming meetings; 404 alike for other cells, tenants, past and missing meetings."""
    mine = my_next_meeting(request.user, meeting_id)
    if mine is None or mine.meeting is None:
        raise Http404
    return mine.meeting, mine.member


def _item(meeting: Meeting, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise ValidationError(_("Nội dung không thuộc buổi sinh hoạt này."))
    return item


@login_required
@require_POST
def opinion(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A member's own opinion, or (with member=<id>) the secretary's proxy for a member of the cell."""
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nhập ý kiến."))
        return redirect("meetings:mine")
    proxy_member_id = form.cleaned_data.get("member")
    if proxy_member_id:
        meeting = managed_meeting(request, meeting_id)
        member = participants(meeting).filter(pk=proxy_member_id).first()
        if member is None:
            raise Http404
        back = to_step(meeting.pk, DURING, "y-kien")
    else:
        meeting, member = _member_meeting(request, meeting_id)
        back = redirect("meetings:upcoming", meeting_id=meeting.pk)
    try:
        participation.opinion_submit(
            meeting=meeting,
            member=member,
            text=form.cleaned_data["text"],
            actor=acting_user(request),
            agenda_item=_item(meeting, form.cleaned_data.get("agenda_item")),
            client_key=form.cleaned_data["idem"],
        )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận ý kiến."))
    return back


@login_required
@require_POST
def opinion_edit(request: HttpRequest, opinion_id: int) -> HttpResponse:
    """The member rewrites one of their own opinions until the meeting starts; 404 for anyone else's."""
    found = Opinion.objects.filter(pk=opinion_id, member__user=acting_user(request)).first()
    if found is None:
        raise Http404
    try:
        participation.opinion_edit(opinion=found, text=request.POST.get("text", "")[:5000], actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã sửa ý kiến."))
    return redirect(reverse("meetings:mine") + "#y-kien")


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _member = _member_meeting(request, meeting_id)
    if request.method == "GET":  # opened from the QR code: confirm with the prefilled code
        return schedule_views.check_in_page(request, meeting)
    try:
        checkin.attendance_check_in(
            meeting=meeting, member_user=acting_user(request), code=request.POST.get("code", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã điểm danh: có mặt."))
    return redirect("meetings:upcoming", meeting_id=meeting.pk)


# --- secretary ---------------------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    if not has_perm_anywhere(request.user, MEETINGS_RUN):
        raise Http404
    cells = _cells(request)
    form = ScheduleForm(request.POST or None, cells=cells)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cell = OrgUnit.objects.get(code=data["cell"])
        try:
            meeting = scheduling.meeting_schedule(
                cell=cell,
                kind=data["kind"],
                title=data["title"],
                topic=data["topic"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                online_url=data["online_url"],
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lên lịch; thêm nội dung rồi thông báo cho đảng viên."))
            return redirect("meetings:detail", meeting_id=meeting.pk)
    meetings = meetings_managed(request.user).order_by("-starts_at")[:50]
    return render(
        request,
        "tenant/meetings/manage.html",
        {"form": form, "meetings": meetings, "now": timezone.now(), **schedule_views.manage_extras(request)},
    )


@login_required
def detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The secretary's meeting page in three steps (?buoc=chuan-bi|trong-hop|sau-hop; ADR 0032), rendered from the
    read model the secretary's API returns (`meeting_for_runner`; core/meetings/secretary_page.py)."""
    meeting = managed_meeting(request, meeting_id)
    step = request.GET.get("buoc", "")
    if step not in STEP_NAMES:
        step = default_step(meeting)
    context = {
        "step": step,
        "steps": STEPS,
        "attendance_open": meeting.status in ("published", "held"),
        "idem": uuid.uuid4().hex,
        **page_context(meeting_for_runner(meeting)),
    }
    if step == BEFORE:
        context |= {"agenda_form": AgendaItemForm(), **schedule_views.detail_extras(meeting)}
    return render(request, "tenant/meetings/detail.html", context)


@login_required
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            scheduling.agenda_item_add(
                meeting=meeting,
                title=form.cleaned_data["title"],
                details=form.cleaned_data["details"],
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã thêm nội dung."))
    else:
        messages.error(request, _("Cần nhập nội dung."))
    return to_step(meeting.pk, BEFORE, "chuong-trinh")


@login_required
@require_POST
def publish(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    try:
        count = scheduling.meeting_publish(meeting=meeting, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã thông báo cho %(count)s đảng viên có tài khoản.") % {"count": count})
    return to_step(meeting.pk, BEFORE)


@login_required
@require_POST
def attendance_set(request: HttpRequest, meeting_id: int, member_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    member = participants(meeting).filter(pk=member_id).first()
    if member is None:
        raise Http404
    form = AttendanceForm(request.POST)
    if form.is_valid():
        status = form.cleaned_data["status"]
        keeps_reason = status in (AttendanceStatus.EXCUSED, AttendanceStatus.EXEMPT)
        try:
            participation.attendance_set(
                meeting=meeting,
                member=member,
                status=status,
                reason=form.cleaned_data["reason"] if keeps_reason else "",
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            label = AttendanceStatus(status).label
            messages.success(request, _("%(name)s: %(status)s.") % {"name": member.full_name, "status": label})
    else:
        messages.error(request, _("Trạng thái điểm danh không hợp lệ."))
    return to_step(meeting.pk, DURING, f"m-{member.pk}")


@login_required
def live_code(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    now = timezone.now()
    code = checkin.checkin_code(meeting, now)
    response = render(
        request,
        "tenant/meetings/code.html",
        {
            "meeting": meeting,
            "code": code,
            **schedule_views.code_extras(request, meeting, code),
            "now": now,
            "present": Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).count(),
        },
    )
    response["Refresh"] = "60"
    response["Cache-Control"] = "no-store"
    return response
