"""Secretary's meetings API (phone client), at and after the meeting: minutes (write, approve by a second member
of the committee), resolution, tasks, follow-up of earlier tasks, and votes (open, proxy ballot for an open vote,
paper ballots of a secret ballot, close). A secret ballot's counts are never returned before it closes."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from api.v1.meetings_secretary_io import (
    BriefedInput,
    CatchUpOutput,
    PaperBallotsInput,
    ProxyBallotInput,
    ReviewedOutput,
    RunnerApi,
    RunnerMinutesOutput,
    RunnerResolutionOutput,
    RunnerTaskOutput,
    RunnerVoteOutput,
    TaskInput,
    TaskReviewInput,
    TextInput,
    VoteCloseInput,
    VoteOpenInput,
    cell_member,
    valid,
)
from core.meetings.models import AgendaItem, MeetingTask, Minutes, TaskReview, Vote, VoteChoice
from core.meetings.selectors_proceedings import catchup_status
from core.meetings.selectors_votes import ballot_members, votes_for_runner
from core.meetings.services import catchup, proceedings, votes


def _vote_row(vote: Vote) -> Response:
    """The vote as the secretary's screen shows it (turnout only for an open secret ballot)."""
    row = next(r for r in votes_for_runner(vote.meeting) if r.vote.pk == vote.pk)
    return Response(RunnerVoteOutput(row).data)


class MinutesApi(RunnerApi):
    @extend_schema(
        request=TextInput,
        responses=RunnerMinutesOutput,
        summary="Ghi / sửa bản nháp biên bản / Write or rewrite the draft minutes",
    )
    def put(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(TextInput, request.data)
        minutes = proceedings.minutes_save(meeting=meeting, actor=self.actor(), text=data["text"])
        minutes = Minutes.objects.select_related("written_by", "approved_by").get(pk=minutes.pk)
        return Response(RunnerMinutesOutput(minutes).data)


class MinutesApproveApi(RunnerApi):
    @extend_schema(
        request=None,
        responses=RunnerMinutesOutput,
        summary="Duyệt biên bản (người khác người viết) / Approve the minutes (not by their writer)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        minutes = proceedings.minutes_approve(meeting=meeting, actor=self.actor())
        minutes = Minutes.objects.select_related("written_by", "approved_by").get(pk=minutes.pk)
        return Response(RunnerMinutesOutput(minutes).data)


class ResolutionApi(RunnerApi):
    @extend_schema(
        request=TextInput,
        responses=RunnerResolutionOutput,
        summary="Ghi / sửa nghị quyết / Record or edit the resolution",
    )
    def put(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(TextInput, request.data)
        resolution = proceedings.resolution_record(meeting=meeting, actor=self.actor(), text=data["text"])
        return Response(RunnerResolutionOutput(resolution).data)


class TasksApi(RunnerApi):
    @extend_schema(
        request=TaskInput, responses={201: RunnerTaskOutput}, summary="Giao nhiệm vụ / Assign a task of the meeting"
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(TaskInput, request.data)
        owner = cell_member(meeting, data["owner"]) if data["owner"] is not None else None
        task = proceedings.task_add(
            meeting=meeting, actor=self.actor(), title=data["title"], due_date=data["due_date"], owner=owner
        )
        task = MeetingTask.objects.select_related("owner").get(pk=task.pk)
        return Response(RunnerTaskOutput(task).data, status=201)


class TaskReviewsApi(RunnerApi):
    @extend_schema(
        request=TaskReviewInput,
        responses=ReviewedOutput(many=True),
        summary="Kiểm điểm nhiệm vụ kỳ trước / Review open tasks of earlier meetings",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        entries = valid(TaskReviewInput, request.data)["entries"]
        ids = [e["task"] for e in entries]
        tasks = MeetingTask.objects.in_bulk(ids)  # the service checks cell and earlier meeting of each
        if len(tasks) != len(set(ids)):
            raise ValidationError("Chỉ kiểm điểm nhiệm vụ của các kỳ họp trước của chi bộ.", code="bad_task")
        review = [proceedings.ReviewEntry(task=tasks[e["task"]], status=e["status"], note=e["note"]) for e in entries]
        reviews = proceedings.task_review(meeting=meeting, actor=self.actor(), entries=review)
        rows = TaskReview.objects.filter(pk__in=[r.pk for r in reviews]).select_related("task").order_by("pk")
        return Response(ReviewedOutput(rows, many=True).data)


class BriefedApi(RunnerApi):
    @extend_schema(
        request=BriefedInput,
        responses={201: CatchUpOutput},
        summary="Ghi nhận đã phổ biến lại trực tiếp / Record that an absent member was briefed in person",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        member = cell_member(meeting, valid(BriefedInput, request.data)["member"])
        catchup.read_receipt_record_for(meeting=meeting, member=member, actor=self.actor())
        row = next(r for r in catchup_status(meeting) if r.member.pk == member.pk)  # absent: the service checked
        return Response(CatchUpOutput(row).data, status=201)


class VoteOpenApi(RunnerApi):
    @extend_schema(
        request=VoteOpenInput,
        responses={201: RunnerVoteOutput},
        summary="Mở biểu quyết (công khai hoặc bỏ phiếu kín) / Open a vote (open or secret ballot)",
    )
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = self.managed_meeting(meeting_id)
        data = valid(VoteOpenInput, request.data)
        item = None
        if data["agenda_item"] is not None:
            item = AgendaItem.objects.filter(meeting=meeting, pk=data["agenda_item"]).first()
            if item is None:
                raise ValidationError("Nội dung không thuộc buổi sinh hoạt này.", code="bad_item")
        vote = votes.vote_open(
            meeting=meeting, question=data["question"], secret=data["secret"], agenda_item=item, actor=self.actor()
        )
        response = _vote_row(vote)
        response.status_code = 201
        return response


class ProxyBallotApi(RunnerApi):
    @extend_schema(
        request=ProxyBallotInput,
        responses=RunnerVoteOutput,
        summary="Ghi biểu quyết thay đảng viên (biểu quyết công khai) / Record an open-vote ballot for a member",
    )
    def post(self, request: Request, vote_id: int) -> Response:
        vote = self.managed_vote(vote_id)
        data = valid(ProxyBallotInput, request.data)
        member = cell_member(vote.meeting, data["member"])
        votes.ballot_cast(vote=vote, member=member, choice=data["choice"], actor=self.actor())
        return _vote_row(vote)


class PaperBallotsApi(RunnerApi):
    @extend_schema(
        request=PaperBallotsInput,
        responses=RunnerVoteOutput,
        summary="Ghi phiếu giấy của bỏ phiếu kín / Record the paper ballots of a secret ballot",
    )
    def post(self, request: Request, vote_id: int) -> Response:
        vote = self.managed_vote(vote_id)
        data = valid(PaperBallotsInput, request.data)
        ids = set(data["members"])
        members = ballot_members(vote, ids)  # through the roster: the cell, or the committee
        if len(members) != len(ids):
            raise ValidationError("Có đảng viên không được triệu tập biểu quyết.", code="not_called")
        counts: dict[str, int] = {choice: data[choice] for choice in VoteChoice.values}
        votes.ballot_paper(vote=vote, members=members, counts=counts, actor=self.actor())
        return _vote_row(vote)


class VoteCloseApi(RunnerApi):
    @extend_schema(
        request=VoteCloseInput,
        responses=RunnerVoteOutput,
        summary="Kết thúc biểu quyết (tính kết quả; dưới 2/3 cần lý do) / Close the vote (below quorum: a reason)",
    )
    def post(self, request: Request, vote_id: int) -> Response:
        vote = self.managed_vote(vote_id)
        reason = valid(VoteCloseInput, request.data)["below_quorum_reason"]
        votes.vote_close(vote=vote, actor=self.actor(), below_quorum_reason=reason)
        return _vote_row(vote)
