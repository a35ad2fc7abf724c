"""Meetings API for members: my next meeting (constant queries), opinions and check-in."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.v1.meetings_schedule import DocumentOutput
from core.meetings import vote_rules
from core.meetings.models import AgendaItem, Attendance, Meeting
from core.meetings.selectors import MyMeeting, my_next_meeting
from core.meetings.services import checkin, participation


class AgendaItemOutput(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "order", "title", "details"]


class MeetingOutput(serializers.ModelSerializer):
    cell_name = serializers.CharField(source="cell.name")
    agenda = AgendaItemOutput(source="agenda_items", many=True)
    documents = DocumentOutput(many=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "topic",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "status",
            "cell_name",
            "agenda",
            "documents",
        ]


class AttendanceOutput(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["status", "reason", "checked_in_at"]


class UpcomingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    unit = serializers.CharField(source="cell.name")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class NextMeetingOutput(serializers.Serializer):
    meeting = MeetingOutput(allow_null=True)
    my_attendance = AttendanceOutput(allow_null=True, source="attendance")
    check_in_open = serializers.BooleanField()
    my_vote_note = serializers.CharField(
        help_text="“dự bị — không biểu quyết” for a probationary member, “miễn sinh hoạt — biểu quyết khi có mặt” for "
        "an exempt one; empty otherwise (core.meetings.vote_rules)"
    )
    others = UpcomingOutput(
        many=True,
        help_text="The member's other upcoming meetings (up to 5, soonest first): opinions, check-in and "
        "votes take any of their ids.",
    )


class OpinionInput(serializers.Serializer):
    text = serializers.CharField(max_length=5000)
    agenda_item = serializers.IntegerField(required=False, allow_null=True)


class OpinionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    agenda_item = serializers.IntegerField(source="agenda_item_id", allow_null=True)
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class CheckInInput(serializers.Serializer):
    code = serializers.CharField(max_length=12)


def _mine(request: Request, meeting_id: int) -> tuple[MyMeeting, Meeting]:
    """One of the caller's upcoming meetings; 404 alike for other cells, tenants and missing ids."""
    mine = my_next_meeting(request.user, meeting_id)
    if mine is None or mine.meeting is None:
        raise Http404
    return mine, mine.meeting


def _error(exc: ValidationError | PermissionDenied) -> Response:
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Không có quyền."}, status=403)
    return Response({"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}, status=400)


class NextMeetingApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=NextMeetingOutput, summary="Buổi sinh hoạt sắp tới của tôi / My next cell meeting")
    def get(self, request: Request) -> Response:
        mine = my_next_meeting(request.user, with_others=True)
        if mine is None:
            return Response({"detail": "Tài khoản chưa gắn với hồ sơ đảng viên."}, status=404)
        data = {
            "meeting": mine.meeting,
            "attendance": mine.attendance,
            "check_in_open": mine.meeting is not None and checkin.checkin_open(mine.meeting),
            "my_vote_note": str(vote_rules.voting_note(mine.member.status)),
            "others": mine.others,
        }
        return Response(NextMeetingOutput(data).data)


class OpinionApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=OpinionInput, responses={201: OpinionOutput}, summary="Góp ý kiến cho buổi sinh hoạt / Give an opinion"
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        mine, meeting = _mine(request, meeting_id)
        payload = OpinionInput(data=request.data)
        payload.is_valid(raise_exception=True)
        item_id = payload.validated_data.get("agenda_item")
        item = None
        if item_id is not None:
            item = next((i for i in meeting.agenda_items.all() if i.pk == item_id), None)
            if item is None:
                return Response({"agenda_item": ["Nội dung không thuộc buổi sinh hoạt này."]}, status=400)
        assert isinstance(request.user, User)
        try:
            opinion = participation.opinion_submit(
                meeting=meeting,
                member=mine.member,
                text=payload.validated_data["text"],
                actor=request.user,
                agenda_item=item,
            )
        except (ValidationError, PermissionDenied) as exc:
            return _error(exc)
        return Response(OpinionOutput(opinion).data, status=201)


class CheckInApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=CheckInInput,
        responses={200: AttendanceOutput},
        summary="Điểm danh bằng mã 6 số / Check in with the code",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        _, meeting = _mine(request, meeting_id)
        payload = CheckInInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            attendance = checkin.attendance_check_in(
                meeting=meeting, member_user=request.user, code=payload.validated_data["code"]
            )
        except (ValidationError, PermissionDenied) as exc:
            return _error(exc)
        return Response(AttendanceOutput(attendance).data)
