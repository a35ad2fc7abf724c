"""Shared parts of the secretary's meetings API: the base view (object access, service errors as Vietnamese 400s
and 403s) and the input/output serializers. Serializers check shape only; the services enforce the rules."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.base import TenantAPIView
from api.v1.meetings import AgendaItemOutput, AttendanceOutput
from api.v1.meetings_schedule import DocumentOutput
from api.v1.meetings_votes import ResultsOutput
from core.access.checks import access_object
from core.access.permissions import MEETINGS_RUN
from core.meetings import roster
from core.meetings.models import (
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingTask,
    Minutes,
    TaskStatus,
    Vote,
    VoteChoice,
)
from core.members.models import Member

NO_PERMISSION = "Đồng chí không có quyền thực hiện thao tác này."
NOT_IN_CELL = "Đảng viên này không sinh hoạt tại chi bộ."


class RunnerApi(TenantAPIView):
    """Base of every secretary endpoint: objects are reached only through MEETINGS_RUN (404 alike for missing,
    another cell's and another tenant's); a service's ValidationError is a 400 {detail, code} in Vietnamese and its
    PermissionDenied a 403."""

    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DjangoValidationError):
            return Response({"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}, status=400)
        if isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or NO_PERMISSION)
        return super().handle_exception(exc)

    def actor(self) -> User:
        user = self.request.user
        assert isinstance(user, User)  # IsAuthenticated ran before any handler
        return user

    def managed_meeting(self, meeting_id: int) -> Meeting:
        qs = Meeting.objects.select_related("cell")
        return access_object(qs, meeting_id, self.request.user, MEETINGS_RUN, "cell__path")

    def managed_vote(self, vote_id: int) -> Vote:
        qs = Vote.objects.select_related("meeting__cell")
        return access_object(qs, vote_id, self.request.user, MEETINGS_RUN, "meeting__cell__path")


def cell_member(meeting: Meeting, member_id: int) -> Member:
    """A member called to the meeting (its cell, or its committee); the same 400 for unknown ids and others."""
    member = roster.participants(meeting).filter(pk=member_id).first()
    if member is None:
        raise DjangoValidationError(NOT_IN_CELL, code="not_in_cell")
    return member


def valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    payload = serializer_class(data=data)
    payload.is_valid(raise_exception=True)
    return dict(payload.validated_data)


# --- inputs ------------------------------------------------------------------------------------------------------


class ScheduleInput(serializers.Serializer):
    cell = serializers.CharField(max_length=50, help_text="mã chi bộ / cell code")
    kind = serializers.ChoiceField(choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    title = serializers.CharField(max_length=200)
    topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_url = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="https link of an online meeting"
    )


class RescheduleInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    topic = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_url = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="https link of an online meeting"
    )


class AgendaInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    details = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AttendanceInput(serializers.Serializer):
    member = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ProxyOpinionInput(serializers.Serializer):
    member = serializers.IntegerField()
    text = serializers.CharField(max_length=5000)
    agenda_item = serializers.IntegerField(required=False, allow_null=True, default=None)


class TextInput(serializers.Serializer):
    text = serializers.CharField(max_length=50000)


class TaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    due_date = serializers.DateField()
    owner = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReviewEntryInput(serializers.Serializer):
    task = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TaskReviewInput(serializers.Serializer):
    entries = ReviewEntryInput(many=True)


class VoteOpenInput(serializers.Serializer):
    question = serializers.CharField(max_length=300)
    secret = serializers.BooleanField(default=False)
    agenda_item = serializers.IntegerField(required=False, allow_null=True, default=None)


class ProxyBallotInput(serializers.Serializer):
    member = serializers.IntegerField()
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


class PaperBallotsInput(serializers.Serializer):
    members = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=500)
    yes = serializers.IntegerField(min_value=0, default=0)
    no = serializers.IntegerField(min_value=0, default=0)
    abstain = serializers.IntegerField(min_value=0, default=0)


class DocumentInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    file = serializers.FileField()


# --- outputs -----------------------------------------------------------------------------------------------------


class MeetingSummaryOutput(serializers.ModelSerializer):
    cell_code = serializers.CharField(source="cell.code")
    cell_name = serializers.CharField(source="cell.name")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "cell_code",
            "cell_name",
            "kind",
            "title",
            "topic",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "status",
            "published_at",
            "held_at",
            "closed_at",
            "cancelled_reason",
        ]


class MeetingPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    offset = serializers.IntegerField()
    limit = serializers.IntegerField()
    results = MeetingSummaryOutput(many=True)


class NotifiedOutput(serializers.Serializer):
    meeting = MeetingSummaryOutput()
    notified = serializers.IntegerField(help_text="số thông báo đã gửi / notifications written")


class CloseOutput(serializers.Serializer):
    meeting = MeetingSummaryOutput()
    auto_unexcused = serializers.ListField(child=serializers.IntegerField(), help_text="member ids")
    auto_exempt = serializers.ListField(child=serializers.IntegerField(), help_text="member ids")


class CodeOutput(serializers.Serializer):
    code = serializers.CharField(allow_null=True, help_text="null outside the check-in window")
    refresh_at = serializers.DateTimeField(allow_null=True, help_text="the displayed code changes then")
    valid_until = serializers.DateTimeField(allow_null=True, help_text="the shown code is accepted until then")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    check_in_url = serializers.CharField(allow_null=True, help_text="what the QR code opens (code prefilled)")


class MemberRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class RosterRowOutput(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    member_status = serializers.CharField(source="member.status")
    may_vote = serializers.BooleanField(help_text="counts in E now (official; exempt only when present)")
    vote_note = serializers.CharField(
        help_text="“dự bị — không biểu quyết” for probationary members, “miễn sinh hoạt — biểu quyết khi có mặt” for "
        "exempt ones; empty otherwise"
    )
    has_account = serializers.SerializerMethodField()
    attendance = AttendanceOutput(allow_null=True)

    def get_has_account(self, row: Any) -> bool:
        return bool(row.member.user_id)


class RunnerAttendanceOutput(AttendanceOutput):
    member = serializers.IntegerField(source="member_id")

    class Meta(AttendanceOutput.Meta):
        fields = ["member", *AttendanceOutput.Meta.fields]


class RunnerOpinionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.full_name")
    agenda_item = serializers.IntegerField(source="agenda_item_id", allow_null=True)
    text = serializers.CharField()
    proxy = serializers.SerializerMethodField(help_text="recorded by the secretary for the member")
    created_at = serializers.DateTimeField()

    def get_proxy(self, opinion: Any) -> bool:
        return bool(opinion.recorded_by_id != opinion.member.user_id)


class OpinionGroupOutput(serializers.Serializer):
    agenda_item = serializers.IntegerField(source="item.pk", allow_null=True, default=None)
    title = serializers.CharField(source="item.title", allow_null=True, default=None)
    opinions = RunnerOpinionOutput(many=True)


class OpenBallotOutput(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    member_name = serializers.CharField(source="member.full_name")
    choice = serializers.CharField()
    proxy = serializers.SerializerMethodField()

    def get_proxy(self, ballot: Any) -> bool:
        return bool(ballot.recorded_by_id != ballot.member.user_id)


class VoterRowOutput(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    present = serializers.BooleanField(help_text="proxy and paper ballots are accepted only for members present")


class NonVoterOutput(serializers.Serializer):
    id = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    note = serializers.CharField(help_text="why the member does not vote, e.g. “dự bị — không biểu quyết”")


class VoteCloseInput(serializers.Serializer):
    below_quorum_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="required to close below quorum (fewer than 2/3 of E took part); kept on the vote and audited",
    )


class RunnerVoteOutput(serializers.Serializer):
    id = serializers.IntegerField(source="vote.pk")
    question = serializers.CharField(source="vote.question")
    agenda_item = serializers.IntegerField(source="vote.agenda_item_id", allow_null=True)
    secret = serializers.BooleanField(source="vote.secret")
    status = serializers.CharField(source="vote.status")
    eligible = serializers.IntegerField(source="vote.eligible")
    participants = serializers.IntegerField()
    quorum_reached = serializers.BooleanField()
    quorum_needed = serializers.IntegerField(help_text="smallest number of participants for a valid vote")
    not_voted = VoterRowOutput(many=True, help_text="members of E without a ballot yet, with presence (open votes)")
    non_voters = NonVoterOutput(many=True, help_text="members of the meeting outside E, with why (open votes)")
    ballots = OpenBallotOutput(many=True, help_text="open votes only; always empty for a secret ballot")
    results = ResultsOutput(allow_null=True, help_text="only once closed")


class RunnerMinutesOutput(serializers.ModelSerializer):
    written_by = serializers.CharField(source="written_by.username", allow_null=True, default=None)
    approved_by = serializers.CharField(source="approved_by.username", allow_null=True, default=None)

    class Meta:
        model = Minutes
        fields = ["text", "status", "written_by", "updated_at", "approved_by", "approved_at"]


class RunnerResolutionOutput(serializers.Serializer):
    text = serializers.CharField()
    adopted_at = serializers.DateTimeField()


class RunnerTaskOutput(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.full_name", allow_null=True, default=None)

    class Meta:
        model = MeetingTask
        fields = ["id", "title", "owner", "owner_name", "due_date", "status", "completed_at", "meeting"]


class ReviewOutput(serializers.Serializer):
    status = serializers.CharField()
    note = serializers.CharField()


class TaskToReviewOutput(RunnerTaskOutput):
    meeting_title = serializers.CharField(source="meeting.title")
    this_review = serializers.SerializerMethodField(help_text="this meeting's review of the task, if any")

    class Meta(RunnerTaskOutput.Meta):
        fields = [*RunnerTaskOutput.Meta.fields, "meeting_title", "this_review"]

    @extend_schema_field(ReviewOutput(allow_null=True))
    def get_this_review(self, task: Any) -> dict[str, Any] | None:
        reviews = getattr(task, "this_review", [])
        return ReviewOutput(reviews[0]).data if reviews else None


class ReviewedOutput(serializers.Serializer):
    task = serializers.IntegerField(source="task_id")
    task_title = serializers.CharField(source="task.title")
    status = serializers.CharField()
    note = serializers.CharField()


class CatchUpOutput(serializers.Serializer):
    member = serializers.IntegerField(source="member.pk")
    full_name = serializers.CharField(source="member.full_name")
    status = serializers.CharField(allow_null=True, help_text="attendance status; null while unmarked")
    status_label = serializers.CharField()
    read_at = serializers.DateTimeField(allow_null=True, help_text="null: not caught up yet")
    briefed_by = serializers.CharField(
        allow_null=True, help_text="username of the secretary who briefed the member in person; null: read it"
    )


class BriefedInput(serializers.Serializer):
    member = serializers.IntegerField(help_text="an absent member without a smartphone, briefed in person")


class ClosePreviewOutput(serializers.Serializer):
    unexcused = MemberRefOutput(many=True)
    exempt = MemberRefOutput(many=True)


class RunnerMeetingOutput(serializers.Serializer):
    meeting = MeetingSummaryOutput()
    agenda = AgendaItemOutput(many=True)
    documents = DocumentOutput(many=True)
    roster = RosterRowOutput(many=True)
    present = serializers.IntegerField()
    voters = serializers.IntegerField(help_text="E if a vote opened now: members who may vote")
    check_in_open = serializers.BooleanField()
    opinions = OpinionGroupOutput(many=True)
    votes = RunnerVoteOutput(many=True)
    minutes = RunnerMinutesOutput(allow_null=True)
    resolution = RunnerResolutionOutput(allow_null=True)
    tasks = RunnerTaskOutput(many=True)
    to_review = TaskToReviewOutput(many=True)
    reviewed = ReviewedOutput(many=True)
    catchup = CatchUpOutput(many=True)
    close_preview = ClosePreviewOutput(allow_null=True)
