"""Secretary's meetings API (phone client), before and during the meeting: the meetings I run (list, schedule),
one meeting in full, agenda, publish, reschedule, cancel, mark held, close, the live check-in code, attendance
marks, proxy opinions and documents. Thin views over core/meetings/services; minutes, resolution, tasks and
votes are in meetings_secretary_proceedings.py."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.parsers import GuardedFormParser, GuardedMultiPartParser
from api.v1.meetings import AgendaItemOutput
from api.v1.meetings_schedule import DocumentOutput
from api.v1.meetings_secretary_io import (
    AgendaInput,
    AttendanceInput,
    CloseOutput,
    CodeOutput,
    DocumentInput,
    MeetingPageOutput,
    MeetingSummaryOutput,
    NotifiedOutput,
    ProxyOpinionInput,
    ReasonInput,
    RescheduleInput,
    RunnerApi,
    RunnerAttendanceOutput,
    RunnerMeetingOutput,
    RunnerOpinionOutput,
    ScheduleInput,
    cell_member,
    valid,
)
from core.access.checks import access_object, has_perm_anywhere, scoped
from core.access.permissions import MEETINGS_RUN
from core.meetings.models import AgendaItem, Meeting, MeetingDocument, MeetingStatus
from core.meetings.selectors import meetings_managed
from core.meetings.selectors_secretary import check_in_code_info, meeting_for_runner
from core.meetings.services import documents, participation, proceedings, scheduling, series
from core.org.models import OrgUnit

PAGE_SIZE = 20
NOT_A_RUNNER = "Đồng chí không phụ trách sinh hoạt của chi bộ nào."


def _summary(meeting: Meeting) -> dict[str, Any]:
    return dict(MeetingSummaryOutput(Meeting.objects.select_related("cell").get(pk=meeting.pk)).data)


class ManagedMeetingsApi(RunnerApi):
    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=MeetingStatus.values, description="lọc theo trạng thái / filter"),
            OpenApiParameter("offset", int),
            OpenApiParameter("limit", int),
        ],
        responses=MeetingPageOutput,
        operation_id="meetings_manage_list",
        summary="Các buổi sinh hoạt tôi phụ trách / Meetings I run (newest first)",
    )
    def get(self, request: Request) -> Response:
        if not has_perm_anywhere(request.user, MEETINGS_RUN):
            raise PermissionDenied(NOT_A_RUNNER)
        try:
            offset = max(int(request.query_params.get("offset", 0)), 0)
            limit = min(max(int(request.query_params.get("limit", PAGE_SIZE)), 1), 100)
        except ValueError:
            raise ValidationError("offset/limit phải là số.", code="bad_page") from None
        meetings = meetings_managed(request.user).order_by("-starts_at", "-pk")
        status = request.query_params.get("status")
        if status:
            if status not in MeetingStatus.values:
                raise ValidationError("Trạng thái buổi sinh hoạt không hợp lệ.", code="bad_status")
            meetings = meetings.filter(status=status)
        data = {
            "count": meetings.count(),
            "offset": offset,
            "limit": limit,
            "results": list(meetings[offset : offset + limit]),
        }
        return Response(MeetingPageOutput(data).data)

    @extend_schema(
        request=ScheduleInput,
        responses={201: MeetingSummaryOutput},
        summary="Lên lịch buổi sinh hoạt (bản nháp) / Schedule a meeting (draft)",
    )
    def post(self, request: Request) -> Response:
        if not has_perm_anywhere(request.user, MEETINGS_RUN):
            raise PermissionDenied(NOT_A_RUNNER)
        data = valid(ScheduleInput, request.data)
        cell = scoped(OrgUnit.objects.filter(code=data.pop("cell")), request.user, MEETINGS_RUN, "path").first()
        if cell is None:  # missing and not mine alike
            raise ValidationError("Không tìm thấy chi bộ do đồng chí phụ trách.", code="bad_cell")
        meeting = scheduling.meeting_schedule(cell=cell, actor=self.actor(), **data)
        return Response(_summary(meeting), status=201)


class ManagedMeetingApi(RunnerApi):
    @extend_schema(
        responses=RunnerMeetingOutput,
        summary="Buổi sinh hoạt (toàn bộ, cho bí thư) / A meeting in full, for its secretary",
    )
    def get(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        return Response(RunnerMeetingOutput(meeting_for_runner(meeting)).data)


class AgendaApi(RunnerApi):
    @extend_schema(
        request=AgendaInput, responses={201: AgendaItemOutput}, summary="Thêm nội dung sinh hoạt / Add an agenda item"
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(AgendaInput, request.data)
        item = scheduling.agenda_item_add(meeting=meeting, actor=self.actor(), **data)
        return Response(AgendaItemOutput(item).data, status=201)


class PublishApi(RunnerApi):
    @extend_schema(
        request=None,
        responses=NotifiedOutput,
        summary="Thông báo buổi sinh hoạt cho đảng viên / Publish the meeting (notifies members)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        notified = scheduling.meeting_publish(meeting=meeting, actor=self.actor())
        return Response({"meeting": _summary(meeting), "notified": notified})


class RescheduleApi(RunnerApi):
    @extend_schema(
        request=RescheduleInput,
        responses=MeetingSummaryOutput,
        summary="Đổi lịch buổi sinh hoạt / Reschedule (time, place, topic, title)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(RescheduleInput, request.data)
        meeting = series.meeting_reschedule(meeting=meeting, actor=self.actor(), **data)
        return Response(_summary(meeting))


class CancelApi(RunnerApi):
    @extend_schema(
        request=ReasonInput,
        responses=NotifiedOutput,
        summary="Hủy buổi sinh hoạt (cần lý do) / Cancel the meeting (with a reason)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(ReasonInput, request.data)
        notified = proceedings.meeting_cancel(meeting=meeting, actor=self.actor(), reason=data["reason"])
        return Response({"meeting": _summary(meeting), "notified": notified})


class HeldApi(RunnerApi):
    @extend_schema(
        request=None, responses=MeetingSummaryOutput, summary="Đánh dấu đã họp / Mark the meeting held (it has begun)"
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        meeting = proceedings.meeting_mark_held(meeting=meeting, actor=self.actor())
        return Response(_summary(meeting))


class CloseApi(RunnerApi):
    @extend_schema(
        request=None,
        responses=CloseOutput,
        summary="Kết thúc buổi sinh hoạt (cần biên bản đã duyệt) / Close the meeting (needs approved minutes)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        plan = proceedings.meeting_close(meeting=meeting, actor=self.actor())
        return Response(
            {
                "meeting": _summary(meeting),
                "auto_unexcused": [m.pk for m in plan.unexcused],
                "auto_exempt": [m.pk for m in plan.exempt],
            }
        )


class CheckInCodeApi(RunnerApi):
    @extend_schema(
        responses=CodeOutput,
        summary="Mã điểm danh hiện tại (6 số, đổi mỗi 5 phút) / The live 6-digit check-in code",
    )
    def get(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        info = check_in_code_info(meeting)
        url = None
        if info.code:
            page = reverse("meetings:check_in", kwargs={"meeting_id": meeting.pk})
            url = request.build_absolute_uri(page) + "?" + urlencode({"ma": info.code})
        data = {
            "code": info.code,
            "refresh_at": info.refresh_at,
            "valid_until": info.valid_until,
            "opens_at": info.opens_at,
            "closes_at": info.closes_at,
            "check_in_url": url,
        }
        response = Response(CodeOutput(data).data)
        response["Cache-Control"] = "no-store"
        return response


class AttendanceApi(RunnerApi):
    @extend_schema(
        request=AttendanceInput,
        responses=RunnerAttendanceOutput,
        summary="Điểm danh hộ / sửa điểm danh một đảng viên / Set a member's attendance",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(AttendanceInput, request.data)
        member = cell_member(meeting, data["member"])
        attendance = participation.attendance_set(
            meeting=meeting, member=member, status=data["status"], reason=data["reason"], actor=self.actor()
        )
        return Response(RunnerAttendanceOutput(attendance).data)


class ProxyOpinionApi(RunnerApi):
    @extend_schema(
        request=ProxyOpinionInput,
        responses={201: RunnerOpinionOutput},
        summary="Ghi ý kiến thay đảng viên / Record an opinion for a member (proxy)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(ProxyOpinionInput, request.data)
        member = cell_member(meeting, data["member"])
        item = None
        if data["agenda_item"] is not None:
            item = AgendaItem.objects.filter(meeting=meeting, pk=data["agenda_item"]).first()
            if item is None:
                raise ValidationError("Nội dung không thuộc buổi sinh hoạt này.", code="bad_item")
        opinion = participation.opinion_submit(
            meeting=meeting, member=member, text=data["text"], agenda_item=item, actor=self.actor()
        )
        return Response(RunnerOpinionOutput(opinion).data, status=201)


class DocumentUploadApi(RunnerApi):
    parser_classes = [GuardedMultiPartParser, GuardedFormParser]

    @extend_schema(
        request={"multipart/form-data": DocumentInput},
        responses={201: DocumentOutput},
        summary="Đính kèm tài liệu (tối đa 20 MB) / Attach a document (multipart upload)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(DocumentInput, request.data)
        document = documents.document_attach(
            meeting=meeting, title=data["title"], upload=data["file"], actor=self.actor()
        )
        return Response(DocumentOutput(document).data, status=201)


class DocumentRemoveApi(RunnerApi):
    @extend_schema(request=None, responses={204: None}, summary="Gỡ tài liệu / Remove a meeting document")
    def delete(self, request: Request, document_id: int) -> Response:
        qs = MeetingDocument.objects.select_related("meeting__cell")
        document = access_object(qs, document_id, request.user, MEETINGS_RUN, "meeting__cell__path")
        documents.document_remove(document=document, actor=self.actor())
        return Response(status=204)
