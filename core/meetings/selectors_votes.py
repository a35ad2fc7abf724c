"""Vote reads for the member's page/API and the secretary's page. Secret ballots never expose a member's choice:
members see whether they voted and, after closing, the totals; open votes show names with choices once closed
(to members) and live (to the secretary)."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User

from core.meetings.models import Meeting, OpenBallot, SecretBallotCast, Vote, VoteChoice
from core.meetings.models.votes import VoteStatus
from core.meetings.selectors import my_next_meeting
from core.meetings.services.votes import eligible_members, quorum_met
from core.members.models import Member


@dataclass
class VoteResults:
    """Totals written when the vote closed; `names` (choice label → member names) only for open votes."""

    eligible: int
    participants: int
    yes: int
    no: int
    abstain: int
    quorum_met: bool
    passed: bool
    names: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class MemberVote:
    vote: Vote
    has_voted: bool
    my_choice: str | None  # the member's own choice in an open vote; always None for a secret ballot
    results: VoteResults | None  # only once closed

    @property
    def my_choice_label(self) -> str:
        return str(VoteChoice(self.my_choice).label) if self.my_choice else ""


@dataclass
class RunnerVote:
    vote: Vote
    participants: int
    quorum_reached: bool
    not_voted: list[Member]  # eligible members without a ballot yet (for proxy or paper ballots)
    ballots: list[OpenBallot]  # open votes only: names with choices, live
    results: VoteResults | None


def _names(ballots: list[OpenBallot]) -> list[tuple[str, list[str]]]:
    return [
        (str(label), [b.member.full_name for b in ballots if b.choice == value]) for value, label in VoteChoice.choices
    ]


def _results(vote: Vote, ballots: list[OpenBallot]) -> VoteResults | None:
    if vote.status != VoteStatus.CLOSED:
        return None
    return VoteResults(
        eligible=vote.eligible,
        participants=vote.yes + vote.no + vote.abstain,
        yes=vote.yes,
        no=vote.no,
        abstain=vote.abstain,
        quorum_met=bool(vote.quorum_met),
        passed=bool(vote.passed),
        names=[] if vote.secret else _names([b for b in ballots if b.vote_id == vote.pk]),
    )


def votes_for_member(meeting: Meeting, member: Member) -> list[MemberVote]:
    """The meeting's votes as one member sees them: 3 queries whatever the number of votes."""
    votes = list(Vote.objects.filter(meeting=meeting).select_related("agenda_item"))
    open_ids = [v.pk for v in votes if not v.secret]
    ballots = list(
        OpenBallot.objects.filter(vote_id__in=open_ids).select_related("member").order_by("member__full_name")
    )
    cast = set(SecretBallotCast.objects.filter(vote__meeting=meeting, member=member).values_list("vote_id", flat=True))
    rows = []
    for vote in votes:
        mine = next((b for b in ballots if b.vote_id == vote.pk and b.member_id == member.pk), None)
        rows.append(
            MemberVote(
                vote=vote,
                has_voted=(vote.pk in cast) if vote.secret else mine is not None,
                my_choice=None if vote.secret or mine is None else mine.choice,
                results=_results(vote, ballots),
            )
        )
    return rows


def votes_for_runner(meeting: Meeting) -> list[RunnerVote]:
    """The meeting's votes for the secretary: live turnout and quorum, who has not voted yet, open ballots."""
    votes = list(Vote.objects.filter(meeting=meeting).select_related("agenda_item"))
    called = list(eligible_members(meeting))
    rows = []
    for vote in votes:
        if vote.secret:
            ballots: list[OpenBallot] = []
            voted = set(SecretBallotCast.objects.filter(vote=vote).values_list("member_id", flat=True))
        else:
            ballots = list(vote.open_ballots.select_related("member", "recorded_by").order_by("member__full_name"))
            voted = {b.member_id for b in ballots}
        taking_part = len(voted) if vote.status == VoteStatus.OPEN else vote.yes + vote.no + vote.abstain
        rows.append(
            RunnerVote(
                vote=vote,
                participants=taking_part,
                quorum_reached=quorum_met(participants=taking_part, eligible=vote.eligible),
                not_voted=[m for m in called if m.pk not in voted] if vote.status == VoteStatus.OPEN else [],
                ballots=ballots,
                results=_results(vote, ballots),
            )
        )
    return rows


def open_vote_of(meeting: Meeting) -> Vote | None:
    return Vote.objects.filter(meeting=meeting, status=VoteStatus.OPEN).first()


def my_vote(user: User | AnonymousUser, vote_id: int) -> tuple[Vote, Member] | None:
    """A vote of one of the user's upcoming meetings with their member profile, or None (other cells, tenants,
    past meetings and unknown ids alike)."""
    vote = Vote.objects.select_related("meeting__cell").filter(pk=vote_id).first()
    mine = my_next_meeting(user, vote.meeting_id) if vote is not None else None
    if vote is None or mine is None or mine.meeting is None:
        return None
    return vote, mine.member
