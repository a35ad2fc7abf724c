"""Pages of the schedule area: the monthly series and one month's edit (secretary), meeting documents (attach,
remove, download), the member's calendar feed page and the .ics feed itself, the QR of the check-in code, and
the check-in confirmation page a scanned QR opens. Views stay thin: services enforce the rules."""

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access.checks import access_object, scoped
from core.access.permissions import MEETINGS_RUN
from core.meetings import ical, storage
from core.meetings.forms import CheckInForm
from core.meetings.models import Meeting, MeetingDocument, MeetingSeries, MeetingStatus
from core.meetings.schedule_forms import DocumentForm, RescheduleForm, SeriesForm
from core.meetings.selectors_schedule import (
    document_for_reader,
    feed_meetings,
    feed_user,
    schedules_managed,
)
from core.meetings.services import documents, inbox, series
from core.meetings.view_helpers import BEFORE, acting_user, managed_meeting, show_error, to_step
from core.org.models import OrgKind, OrgUnit

# --- context the shared pages include (one line each in views.py) -----------------------------------------------


def manage_extras(request: HttpRequest) -> dict[str, Any]:
    """For manage.html: each cell's monthly series form and its upcoming months."""
    rows = []
    for row in schedules_managed(request.user):
        s = row.series
        initial: dict[str, object] = {"cell": row.cell.code}
        if s is not None:
            initial |= {
                "day_of_month": s.day_of_month,
                "start_time": s.start_time.strftime("%H:%M"),
                "duration_minutes": s.duration_minutes,
                "place": s.place,
            }
        rows.append((row, SeriesForm(initial=initial, auto_id=f"id_series{row.cell.pk}_%s")))
    return {"schedules": rows}


def detail_extras(meeting: Meeting) -> dict[str, Any]:
    """For detail.html: the edit form of this meeting (one month) and its documents."""
    return {
        "reschedule_form": RescheduleForm.for_meeting(meeting),
        "document_form": DocumentForm(),
        "documents": list(meeting.documents.all()),
        "editable": meeting.status in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED),
        "documents_editable": meeting.status in documents.EDITABLE,
    }


def code_extras(request: HttpRequest, meeting: Meeting, code: str | None) -> dict[str, Any]:
    """For code.html: an inline SVG QR of the member's check-in URL with the code prefilled."""
    if not code:
        return {"qr_svg": None, "qr_url": None}
    url = request.build_absolute_uri(reverse("meetings:check_in", kwargs={"meeting_id": meeting.pk}))
    url += "?" + urlencode({"ma": code})
    svg = segno.make(url, error="m").svg_inline(scale=8, border=2, title=_("QR điểm danh"))
    return {"qr_svg": svg, "qr_url": url}


def check_in_page(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """GET of the check-in URL (what the QR opens): the form prefilled with `?ma=`; checking in is still a POST
    by the signed-in member, so a scanned or shared link never checks anyone in by itself."""
    code = "".join(ch for ch in request.GET.get("ma", "") if ch.isdigit())[:12]
    return render(
        request,
        "tenant/meetings/checkin.html",
        {"meeting": meeting, "checkin_form": CheckInForm(initial={"code": code})},
    )


# --- secretary: series and one month --------------------------------------------------------------------------------


def _cell(request: HttpRequest, code: str) -> OrgUnit:
    units = OrgUnit.objects.filter(kind__in=[OrgKind.CELL, OrgKind.PARTY_GROUP], valid_to__isnull=True, code=code)
    cell = scoped(units, request.user, MEETINGS_RUN, "path").first()
    if cell is None:
        raise Http404
    return cell


@login_required
@require_POST
def series_save(request: HttpRequest) -> HttpResponse:
    cell = _cell(request, request.POST.get("cell", ""))
    form = SeriesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            series.series_set(
                cell=cell,
                day_of_month=data["day_of_month"],
                start_time=data["start_time"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã lưu lịch sinh hoạt định kỳ của %(cell)s.") % {"cell": cell.name})
    else:
        messages.error(request, _("Lịch định kỳ chưa hợp lệ: ngày từ 1 đến 28, giờ bắt đầu và thời lượng."))
    return redirect("meetings:manage")


@login_required
@require_POST
def series_stop(request: HttpRequest, series_id: int) -> HttpResponse:
    item = access_object(
        MeetingSeries.objects.select_related("cell"), series_id, request.user, MEETINGS_RUN, "cell__path"
    )
    try:
        series.series_stop(series=item, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã dừng lịch sinh hoạt định kỳ của %(cell)s.") % {"cell": item.cell.name})
    return redirect("meetings:manage")


@login_required
@require_POST
def reschedule(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    form = RescheduleForm(request.POST, prefix="lich")
    if form.is_valid():
        data = form.cleaned_data
        try:
            series.meeting_reschedule(
                meeting=meeting,
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
            messages.success(request, _("Đã cập nhật lịch buổi sinh hoạt."))
    else:
        messages.error(request, _("Cần nhập tiêu đề, giờ bắt đầu và giờ kết thúc hợp lệ."))
    return to_step(meeting.pk, BEFORE, "doi-lich")


# --- documents ---------------------------------------------------------------------------------------------------


@login_required
@require_POST
def document_upload(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = managed_meeting(request, meeting_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            documents.document_attach(
                meeting=meeting,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                actor=acting_user(request),
            )
        except (ValidationError, PermissionDenied) as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
    else:
        messages.error(request, _("Cần chọn tệp tài liệu."))
    return to_step(meeting.pk, BEFORE, "tai-lieu")


@login_required
@require_POST
def document_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    document = access_object(
        MeetingDocument.objects.select_related("meeting__cell"),
        document_id,
        request.user,
        MEETINGS_RUN,
        "meeting__cell__path",
    )
    try:
        documents.document_remove(document=document, actor=acting_user(request))
    except (ValidationError, PermissionDenied) as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("Đã gỡ tài liệu."))
    return to_step(document.meeting_id, BEFORE, "tai-lieu")


def document_response(document: MeetingDocument) -> FileResponse:
    """The stored file as an attachment with its original name; 404 if the file is gone from disk."""
    try:
        handle = storage.stored_document(document.stored_name).open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    document = document_for_reader(request.user, document_id)
    if document is None:
        raise Http404
    return document_response(document)


# --- member: calendar feed -------------------------------------------------------------------------------------


@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    feed = inbox.calendar_feed_get(user=acting_user(request))
    url = request.build_absolute_uri(reverse("meetings:ical", kwargs={"key": feed.key}))
    return render(request, "tenant/meetings/calendar.html", {"feed_url": url})


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    inbox.calendar_feed_reset(user=acting_user(request))
    messages.success(request, _("Đã đổi địa chỉ lịch; địa chỉ cũ không còn dùng được."))
    return redirect("meetings:calendar")


@login_not_required  # calendar apps cannot log in: the secret key in the URL names the member
@require_GET
def calendar_feed(request: HttpRequest, key: str) -> HttpResponse:
    """No login (calendar apps cannot log in): the secret key in the URL names the member; 404 otherwise."""
    user = feed_user(key)
    if user is None:
        raise Http404
    now = timezone.now()
    body = ical.calendar(feed_meetings(user, now), host=request.get_host(), name="Sinh hoạt chi bộ", now=now)
    response = HttpResponse(body.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="sinh-hoat.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
