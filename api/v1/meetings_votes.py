"""Votes API for members: the votes of my next meeting (with my has_voted flag; results only once closed) and my
ballot. A secret ballot's choice is never returned, not even to the voter."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.meetings.models import VoteChoice
from core.meetings.selectors import my_next_meeting
from core.meetings.selectors_votes import my_vote, votes_for_member
from core.meetings.services import votes


class NamesOutput(serializers.Serializer):
    choice = serializers.CharField()
    members = serializers.ListField(child=serializers.CharField())


class ResultsOutput(serializers.Serializer):
    eligible = serializers.IntegerField(help_text="E: members who may vote (official; exempt only if present)")
    participants = serializers.IntegerField()
    quorum_needed = serializers.IntegerField(help_text="smallest number of participants for a valid vote (2/3 of E)")
    yes = serializers.IntegerField(allow_null=True, help_text="null when a secret ballot's counts are withheld")
    no = serializers.IntegerField(allow_null=True, help_text="null when a secret ballot's counts are withheld")
    abstain = serializers.IntegerField(allow_null=True, help_text="null when a secret ballot's counts are withheld")
    quorum_met = serializers.BooleanField()
    passed = serializers.BooleanField()
    withheld = serializers.CharField(
        help_text="why a secret ballot's counts are not published: no_quorum, few, mixed; empty when published"
    )
    withheld_text = serializers.CharField(help_text="the reason in Vietnamese; empty when published")
    below_quorum_reason = serializers.CharField(help_text="the secretary's reason for closing below quorum, if any")
    names = serializers.SerializerMethodField(help_text="open votes only: member names by choice label")

    @extend_schema_field(NamesOutput(many=True))
    def get_names(self, obj: object) -> list[dict[str, object]]:
        return [{"choice": label, "members": names} for label, names in getattr(obj, "names", [])]


class VoteOutput(serializers.Serializer):
    id = serializers.IntegerField(source="vote.pk")
    question = serializers.CharField(source="vote.question")
    agenda_item = serializers.IntegerField(source="vote.agenda_item_id", allow_null=True)
    secret = serializers.BooleanField(source="vote.secret")
    status = serializers.CharField(source="vote.status")
    eligible = serializers.IntegerField(source="vote.eligible")
    has_voted = serializers.BooleanField()
    my_choice = serializers.CharField(allow_null=True, help_text="open votes only; always null for secret ballots")
    can_vote = serializers.BooleanField(help_text="open, not voted yet, and I may vote now (present, not probationary)")
    why_not = serializers.CharField(
        help_text="why I cannot vote in this open vote (e.g. probationary member, not checked in); empty otherwise"
    )
    results = ResultsOutput(allow_null=True)


class BallotInput(serializers.Serializer):
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


class BallotOutput(serializers.Serializer):
    vote = serializers.IntegerField()
    has_voted = serializers.BooleanField()


def _error(exc: ValidationError | PermissionDenied) -> Response:
    if isinstance(exc, PermissionDenied):
        return Response({"detail": str(exc) or "Không có quyền."}, status=403)
    return Response({"detail": " ".join(exc.messages), "code": getattr(exc, "code", None)}, status=400)


class MeetingVotesApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=VoteOutput(many=True), summary="Biểu quyết của buổi sinh hoạt / Votes of my next meeting")
    def get(self, request: Request, meeting_id: int) -> Response:
        mine = my_next_meeting(request.user, meeting_id)
        if mine is None or mine.meeting is None:
            raise Http404
        return Response(VoteOutput(votes_for_member(mine.meeting, mine.member), many=True).data)


class BallotApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=BallotInput, responses={201: BallotOutput}, summary="Bỏ phiếu biểu quyết / Cast my ballot")
    def post(self, request: Request, vote_id: int) -> Response:
        found = my_vote(request.user, vote_id)
        if found is None:
            raise Http404
        vote, member = found
        payload = BallotInput(data=request.data)
        payload.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            votes.ballot_cast(vote=vote, member=member, choice=payload.validated_data["choice"], actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            return _error(exc)
        return Response({"vote": vote.pk, "has_voted": True}, status=201)
