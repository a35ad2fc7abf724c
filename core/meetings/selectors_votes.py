"""Vote reads for the member's page/API and the secretary's page/API (both render these same rows). Secret ballots
never expose a member's choice: members see whether they voted and, after closing, the results; the counts per
choice of a secret ballot appear only once closed and only when published (Vote.withheld empty). Every membership
lookup goes through the roster (`core.meetings.roster`), so committee meetings work like cell meetings."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.meetings import roster, vote_rules
from core.meetings.models import Meeting, OpenBallot, SecretBallotCast, Vote, VoteChoice, Withheld
from core.meetings.models.votes import VoteStatus
from core.meetings.selectors import my_next_meeting
from core.members.models import Member, MemberStatus

WITHHELD_TEXTS = {
    Withheld.NO_QUORUM: _(
        "Không đủ số lượng biểu quyết: biểu quyết không hợp lệ; số phiếu từng lựa chọn không công bố để giữ bí mật "
        "lá phiếu."
    ),
    Withheld.FEW: _("Dưới 3 đồng chí tham gia: số phiếu từng lựa chọn không công bố để giữ bí mật lá phiếu."),
    Withheld.MIXED: _(
        "Dưới 3 đồng chí bỏ phiếu trên điện thoại cùng với phiếu giấy: số phiếu từng lựa chọn không công bố, vì người "
        "kiểm phiếu giấy có thể suy ra lựa chọn của các đồng chí này."
    ),
}


@dataclass
class VoteResults:
    """What a closed vote publishes. yes/no/abstain are None when a secret ballot's counts are withheld; `names`
    (choice label → member names) only for open votes."""

    eligible: int
    participants: int
    quorum_needed: int
    yes: int | None
    no: int | None
    abstain: int | None
    quorum_met: bool
    passed: bool
    withheld: str
    withheld_text: Promise | str
    below_quorum_reason: str
    names: list[tuple[str, list[str]]] = field(default_factory=list)


@dataclass
class MemberVote:
    vote: Vote
    has_voted: bool
    my_choice: str | None  # the member's own choice in an open vote; always None for a secret ballot
    results: VoteResults | None  # only once closed
    can_vote: bool  # open, not voted yet, and the member may vote now
    why_not: Promise | str  # why the member cannot vote in this vote (probationary, not present…); "" otherwise

    @property
    def my_choice_label(self) -> str:
        return str(VoteChoice(self.my_choice).label) if self.my_choice else ""


@dataclass
class VoterRow:
    member: Member
    present: bool  # proxy and paper ballots only for members present


@dataclass
class NonVoter:
    member: Member
    note: Promise | str  # e.g. "dự bị — không biểu quyết"


@dataclass
class RunnerVote:
    vote: Vote
    participants: int
    quorum_reached: bool
    quorum_needed: int
    not_voted: list[VoterRow]  # members of E without a ballot yet, with presence (for proxy or paper ballots)
    non_voters: list[NonVoter]  # members of the meeting outside E (probationary, exempt and absent at opening…)
    ballots: list[OpenBallot]  # open votes only: names with choices, live
    results: VoteResults | None

    @property
    def recordable(self) -> list[Member]:
        """Members the secretary may record a proxy or paper ballot for: in E, present, not voted."""
        return [row.member for row in self.not_voted if row.present]

    @property
    def absent(self) -> list[Member]:
        return [row.member for row in self.not_voted if not row.present]


def _names(ballots: list[OpenBallot]) -> list[tuple[str, list[str]]]:
    return [
        (str(label), [b.member.full_name for b in ballots if b.choice == value]) for value, label in VoteChoice.choices
    ]


def results_of(vote: Vote, ballots: list[OpenBallot]) -> VoteResults | None:
    """The published results of a closed vote (None while open): the one place tallies are read for display."""
    if vote.status != VoteStatus.CLOSED:
        return None
    hidden = bool(vote.withheld)
    return VoteResults(
        eligible=vote.eligible,
        participants=vote.participants,
        quorum_needed=vote_rules.quorum_needed(vote.eligible),
        yes=None if hidden else vote.yes,
        no=None if hidden else vote.no,
        abstain=None if hidden else vote.abstain,
        quorum_met=bool(vote.quorum_met),
        passed=bool(vote.passed),
        withheld=vote.withheld,
        withheld_text=WITHHELD_TEXTS.get(Withheld(vote.withheld), "") if hidden else "",
        below_quorum_reason=vote.below_quorum_reason,
        names=[] if vote.secret else _names([b for b in ballots if b.vote_id == vote.pk]),
    )


def votes_for_member(meeting: Meeting, member: Member) -> list[MemberVote]:
    """The meeting's votes as one member sees them: 4 queries whatever the number of votes."""
    votes = list(Vote.objects.filter(meeting=meeting).select_related("agenda_item"))
    open_ids = [v.pk for v in votes if not v.secret]
    ballots = list(
        OpenBallot.objects.filter(vote_id__in=open_ids).select_related("member").order_by("member__full_name")
    )
    cast = set(SecretBallotCast.objects.filter(vote__meeting=meeting, member=member).values_list("vote_id", flat=True))
    present = vote_rules.is_present(meeting, member)
    rows = []
    for vote in votes:
        mine = next((b for b in ballots if b.vote_id == vote.pk and b.member_id == member.pk), None)
        has_voted = (vote.pk in cast) if vote.secret else mine is not None
        code = vote_rules.refusal(
            status=member.status, member_id=member.pk, voters_at_opening=vote.voters, in_roster=True, present=present
        )
        is_open = vote.status == VoteStatus.OPEN
        rows.append(
            MemberVote(
                vote=vote,
                has_voted=has_voted,
                my_choice=None if vote.secret or mine is None else mine.choice,
                results=results_of(vote, ballots),
                can_vote=is_open and not has_voted and not code,
                why_not=vote_rules.OWN_REFUSALS[code] if code and is_open and not has_voted else "",
            )
        )
    return rows


def _non_voter_note(member: Member) -> Promise | str:
    if member.status == MemberStatus.PROBATIONARY:
        return vote_rules.PROBATIONARY_NOTE
    if member.status in vote_rules.VOTING_IF_PRESENT:
        return _("miễn sinh hoạt, chưa có mặt khi mở biểu quyết")
    return _("chưa thuộc danh sách khi mở biểu quyết")


def _runner_row(vote: Vote, members: list[Member], present: set[int]) -> RunnerVote:
    if vote.secret:
        ballots: list[OpenBallot] = []
        voted = set(SecretBallotCast.objects.filter(vote=vote).values_list("member_id", flat=True))
    else:
        ballots = list(vote.open_ballots.select_related("member", "recorded_by").order_by("member__full_name"))
        voted = {b.member_id for b in ballots}
    is_open = vote.status == VoteStatus.OPEN
    taking_part = len(voted) if is_open else vote.participants
    in_e = set(vote.voters)
    return RunnerVote(
        vote=vote,
        participants=taking_part,
        quorum_reached=vote_rules.quorum_met(participants=taking_part, eligible=vote.eligible),
        quorum_needed=vote_rules.quorum_needed(vote.eligible),
        not_voted=[VoterRow(m, m.pk in present) for m in members if m.pk in in_e and m.pk not in voted]
        if is_open
        else [],
        non_voters=[NonVoter(m, _non_voter_note(m)) for m in members if m.pk not in in_e] if is_open else [],
        ballots=ballots,
        results=results_of(vote, ballots),
    )


def votes_for_runner(meeting: Meeting) -> list[RunnerVote]:
    """The meeting's votes for the secretary (page and API alike): live turnout and quorum, who has not voted yet
    (and whether present), who does not vote and why, open ballots; never a secret ballot's counts while open."""
    votes = list(Vote.objects.filter(meeting=meeting).select_related("agenda_item"))
    if not votes:
        return []
    members = list(roster.participants(meeting).order_by("full_name", "pk"))
    present = set(vote_rules.present_ids(meeting))
    return [_runner_row(vote, members, present) for vote in votes]


def voters_now(meeting: Meeting) -> int:
    """E if a vote opened now (the secretary sees it before opening one)."""
    return vote_rules.voters(meeting).count()


def ballot_members(vote: Vote, member_ids: Iterable[int]) -> list[Member]:
    """The members among `member_ids` who take part in the vote's meeting (the cell, or the committee, through the
    roster). Web and API use this one lookup for proxy and paper ballots."""
    return list(roster.participants(vote.meeting).filter(pk__in=set(member_ids)).order_by("full_name", "pk"))


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
