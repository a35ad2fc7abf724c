"""Meetings API for members, after the meeting: my cell's past meetings, one past meeting (catch-up: records the
read receipt; minutes only once approved), my tasks and their status. Another cell's or tenant's meeting or task
is a 404, as is a missing one."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.v1.meetings import AgendaItemOutput, AttendanceOutput
from core.meetings import roster
from core.meetings.models import MeetingTask, TaskStatus
from core.meetings.selectors_proceedings import HISTORY_PAGE_SIZE, member_of, my_tasks, past_meeting_for, past_meetings
from core.meetings.services import catchup, proceedings
from core.members.models import Member


class HistoryItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    status = serializers.CharField()
    my_attendance = serializers.CharField(source="my_status", allow_null=True)
    has_read = serializers.BooleanField()


class HistoryPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    results = HistoryItemOutput(many=True)


class MinutesOutput(serializers.Serializer):
    text = serializers.CharField()
    approved_at = serializers.DateTimeField()


class ResolutionOutput(serializers.Serializer):
    text = serializers.CharField()
    adopted_at = serializers.DateTimeField()


class TaskOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", allow_null=True, default=None)
    meeting_title = serializers.CharField(source="meeting.title")

    class Meta:
        model = MeetingTask
        fields = ["id", "title", "owner_name", "due_date", "status", "completed_at", "meeting", "meeting_title"]


class PastMeetingOutput(serializers.Serializer):
    id = serializers.IntegerField(source="meeting.pk")
    kind = serializers.CharField(source="meeting.kind")
    title = serializers.CharField(source="meeting.title")
    topic = serializers.CharField(source="meeting.topic")
    starts_at = serializers.DateTimeField(source="meeting.starts_at")
    place = serializers.CharField(source="meeting.place")
    status = serializers.CharField(source="meeting.status")
    cell_name = serializers.CharField(source="meeting.cell.name")
    agenda = AgendaItemOutput(many=True)
    minutes = MinutesOutput(allow_null=True, help_text="only once approved")
    resolution = ResolutionOutput(allow_null=True)
    tasks = TaskOutput(many=True)
    my_attendance = AttendanceOutput(source="attendance", allow_null=True)


class TaskStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=[TaskStatus.IN_PROGRESS, TaskStatus.DONE])


def _error(exc: ValidationError | PermissionDenied) -> Response:
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Không có quyền."}, status=403)
    return Response({"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}, status=400)


def _me(request: Request) -> Member:
    member = member_of(request.user)
    if member is None:
        raise Http404
    return member


class MeetingHistoryApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=HistoryPageOutput,
        parameters=[OpenApiParameter("offset", int), OpenApiParameter("limit", int)],
        summary="Các buổi sinh hoạt đã họp của chi bộ tôi / My cell's past meetings",
    )
    def get(self, request: Request) -> Response:
        member = _me(request)
        try:
            offset = max(int(request.query_params.get("offset", 0)), 0)
            limit = min(max(int(request.query_params.get("limit", HISTORY_PAGE_SIZE)), 1), 100)
        except ValueError:
            return Response({"detail": "offset/limit phải là số."}, status=400)
        meetings = past_meetings(member)
        data: dict[str, Any] = {
            "count": meetings.count(),
            "offset": offset,
            "limit": limit,
            "results": list(meetings[offset : offset + limit]),
        }
        return Response(HistoryPageOutput(data).data)


class PastMeetingApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=PastMeetingOutput,
        summary="Xem lại buổi sinh hoạt đã họp (ghi nhận đã xem) / A past meeting of my cell (records the read)",
    )
    def get(self, request: Request, meeting_id: int) -> Response:
        past = past_meeting_for(request.user, meeting_id)
        if past is None:
            raise Http404
        catchup.read_receipt_record(meeting=past.meeting, member=past.member)
        return Response(PastMeetingOutput(past).data)


class MyTasksApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TaskOutput(many=True), summary="Nhiệm vụ của tôi / My tasks")
    def get(self, request: Request) -> Response:
        return Response(TaskOutput(my_tasks(_me(request)), many=True).data)


class TaskStatusApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=TaskStatusInput,
        responses={200: TaskOutput},
        summary="Cập nhật nhiệm vụ của tôi / Update my task's status",
    )
    def post(self, request: Request, task_id: int) -> Response:
        member = _me(request)
        task = MeetingTask.objects.filter(roster.meetings_of(member, "meeting__"), pk=task_id, owner=member).first()
        if task is None:
            raise Http404
        payload = TaskStatusInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            task = proceedings.task_update_status(
                task=task, actor=request.user, status=payload.validated_data["status"]
            )
        except (ValidationError, PermissionDenied) as exc:
            return _error(exc)
        task = MeetingTask.objects.select_related("owner", "meeting").get(pk=task.pk)
        return Response(TaskOutput(task).data)
