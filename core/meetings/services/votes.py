"""Votes at a cell meeting: open tally (names kept with choices) and secret ballot (who voted kept apart from
how many chose what), with quorum and the majority rule of the Party Statute (Điều lệ Đảng).

The rule, computed with integers only (no float rounding):
- eligible E = members called to the meeting: members of the cell, neither exempt from activities nor
  transferred out/deceased, counted when the vote opens (Vote.eligible);
- participants P = ballots (open vote) or casts (secret ballot);
- the vote is valid (quorum) when at least two thirds of the eligible take part: 3·P ≥ 2·E;
- a decision passes when it is valid and MORE THAN HALF of the eligible vote yes (tán thành): 2·yes > E
  (exactly half fails).

Secrecy of a secret ballot (threat: anyone who can read the tenant schema, its audit rows or the logs):
- SecretBallotCast records that a member voted (no choice, no time); SecretTally holds one counter per choice
  (no member). The cast insert and the counter increment happen in one transaction, so turnout and tally agree.
- Every cast updates the three counters of the vote in one statement (+1 on the chosen one, +0 on the others), so
  the counters' row versions (PostgreSQL xmin) do not single out the chosen row for the voter's transaction.
  Dead row versions stay on disk until VACUUM; a superuser reading raw pages could still order increments —
  beyond what the application can prevent.
- Audit rows, log lines and flash messages of secret ballots never carry the choice; the paper-ballot audit row
  lists who voted on paper but not the counts (one paper voter + counts would reveal the choice).
- No secret results are shown before the vote closes (watching the counters move would reveal each choice).
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR
from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import AgendaItem, Meeting, OpenBallot, SecretBallotCast, SecretTally, Vote, VoteChoice
from core.meetings.models.votes import VoteStatus
from core.meetings.services.common import GONE_STATUSES, OPEN_STATUSES, locked, require_runner
from core.members.models import Member, MemberStatus, MemberTransfer

NOT_CALLED_STATUSES = (*GONE_STATUSES, MemberStatus.EXEMPT)


def eligible_members(meeting: Meeting) -> QuerySet[Member]:
    """Members called to the meeting (the cell, or the committee for a committee meeting): not exempt from
    activities, not transferred out or deceased."""
    return roster.participants(meeting).exclude(status__in=NOT_CALLED_STATUSES)


def quorum_met(*, participants: int, eligible: int) -> bool:
    """At least two thirds of the eligible members take part (3·P ≥ 2·E); nobody eligible → no quorum."""
    return eligible > 0 and 3 * participants >= 2 * eligible


def decision_passes(*, yes: int, participants: int, eligible: int) -> bool:
    """Valid (quorum) and more than half of the eligible members vote yes (2·yes > E)."""
    return quorum_met(participants=participants, eligible=eligible) and 2 * yes > eligible


def participants(vote: Vote) -> int:
    """How many members have voted so far: open ballots, or secret-ballot casts."""
    if vote.secret:
        return SecretBallotCast.objects.filter(vote_id=vote.pk).count()
    return OpenBallot.objects.filter(vote_id=vote.pk).count()


def _locked_vote(vote: Vote) -> Vote:
    return Vote.objects.select_for_update().select_related("meeting__cell").get(pk=vote.pk)


def _check_choice(choice: str) -> None:
    if choice not in VoteChoice.values:
        raise ValidationError(_("Lựa chọn biểu quyết không hợp lệ."), code="bad_choice")


def _check_open(vote: Vote) -> None:
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(_("Biểu quyết đã kết thúc."), code="vote_closed")
    if vote.meeting.status not in OPEN_STATUSES:
        raise ValidationError(_("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc."), code="not_open")


def _called(vote: Vote, member: Member) -> bool:
    """The member may vote: in the meeting's cell, called (not exempt/gone) and not moved in after the vote
    opened (the snapshot of eligible members would not count them)."""
    if member.status in NOT_CALLED_STATUSES or not roster.takes_part(vote.meeting, member):
        return False
    if roster.is_committee(vote.meeting):
        return not member.committee_seats.filter(
            unit_id=vote.meeting.cell_id, started_on__gt=timezone.localdate(vote.opened_at)
        ).exists()
    moved_in = MemberTransfer.objects.filter(
        member_id=member.pk, to_cell_id=member.cell_id, created_at__gte=vote.opened_at
    ).exists()
    return not moved_in


def _room_for(vote: Vote, count: int) -> None:
    """Never more participants than eligible members (guards the snapshot against late status changes)."""
    if participants(vote) + count > vote.eligible:
        raise ValidationError(_("Số người biểu quyết đã bằng số đảng viên được triệu tập."), code="full")


def _add_to_tally(vote: Vote, counts: Mapping[str, int]) -> None:
    """Add counts to the vote's counters in ONE statement touching all three rows (see the module docstring)."""
    increment = Case(*(When(choice=choice, then=Value(n)) for choice, n in counts.items() if n), default=Value(0))
    updated = SecretTally.objects.filter(vote_id=vote.pk).update(count=F("count") + increment)
    if updated != len(VoteChoice.values):
        raise ValidationError(_("Phiếu kín chưa được khởi tạo đúng."), code="no_tally")


@transaction.atomic
def vote_open(
    *, meeting: Meeting, question: str, secret: bool, actor: User, agenda_item: AgendaItem | None = None
) -> Vote:
    """The secretary opens a vote while the meeting is published or held; one open vote at a time per meeting.
    Snapshots the eligible members; a secret ballot starts with its three counters at zero."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError(_("Buổi sinh hoạt chưa được thông báo hoặc đã kết thúc."), code="not_open")
    question = question.strip()
    if not question:
        raise ValidationError(_("Cần nhập nội dung biểu quyết."), code="no_question")
    if len(question) > 300:
        raise ValidationError(_("Nội dung biểu quyết tối đa 300 ký tự."), code="too_long")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Nội dung không thuộc buổi sinh hoạt này."), code="bad_item")
    if meeting.votes.filter(status=VoteStatus.OPEN).exists():
        raise ValidationError(_("Đang có một biểu quyết chưa kết thúc."), code="vote_in_progress")
    eligible = eligible_members(meeting).count()
    if eligible == 0:
        raise ValidationError(_("Chi bộ không có đảng viên được triệu tập."), code="no_eligible")
    vote = Vote.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        question=question,
        secret=secret,
        eligible=eligible,
        opened_by=actor,
        opened_at=timezone.now(),
    )
    if secret:
        SecretTally.objects.bulk_create(SecretTally(vote=vote, choice=c, count=0) for c in VoteChoice.values)
    audit_record(
        actor=actor,
        action="meeting.vote_opened",
        target=meeting,
        unit=meeting.cell,
        changes={"vote": vote.pk, "question": question, "secret": secret, "eligible": eligible},
    )
    return vote


@transaction.atomic
def ballot_cast(*, vote: Vote, member: Member, choice: str, actor: User) -> None:
    """A member votes. Open vote: their ballot, or the secretary's for a member without a phone (proxy, audited
    with on_behalf_of). Secret ballot: only the member themselves; a cast and +1 on a counter, never together in
    one row. Returns nothing so that no caller echoes a secret choice."""
    vote = _locked_vote(vote)
    member = Member.objects.select_related("user").get(pk=member.pk)
    meeting = vote.meeting
    proxy = member.user_id is None or member.user_id != actor.pk
    if vote.secret and proxy:
        raise PermissionDenied(_("Phiếu kín chỉ do chính đảng viên bỏ; phiếu giấy do bí thư ghi nhận theo số lượng."))
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, meeting.cell):
        raise PermissionDenied
    if not _called(vote, member):
        if proxy:
            raise ValidationError(_("Đảng viên này không được triệu tập biểu quyết."), code="not_called")
        raise PermissionDenied(_("Đồng chí không thuộc danh sách biểu quyết của chi bộ."))
    _check_open(vote)
    _check_choice(choice)
    if vote.secret:
        _secret_cast(vote, member, choice, actor)
    else:
        _open_cast(vote, member, choice, actor, proxy=proxy)


def _open_cast(vote: Vote, member: Member, choice: str, actor: User, *, proxy: bool) -> None:
    if OpenBallot.objects.filter(vote_id=vote.pk, member_id=member.pk).exists():
        raise ValidationError(_("Đồng chí đã biểu quyết."), code="already_voted")
    _room_for(vote, 1)
    OpenBallot.objects.create(vote=vote, member=member, choice=choice, recorded_by=actor)
    changes: dict[str, object] = {"vote": vote.pk, "member": member.pk, "choice": choice, "proxy": proxy}
    if proxy:
        changes["on_behalf_of_member"] = {"id": member.pk, "name": member.full_name}
    audit_record(
        actor=actor,
        action="meeting.vote_ballot_open",
        target=vote.meeting,
        unit=vote.meeting.cell,
        changes=changes,
        on_behalf_of=member.user if proxy else None,
    )


def _secret_cast(vote: Vote, member: Member, choice: str, actor: User) -> None:
    _room_for(vote, 1)
    try:
        with transaction.atomic():
            SecretBallotCast.objects.create(vote=vote, member=member, on_paper=False)
    except IntegrityError:
        raise ValidationError(_("Đồng chí đã bỏ phiếu."), code="already_voted") from None
    _add_to_tally(vote, {choice: 1})
    # Who voted is public within the meeting; the choice never goes into the audit row or the log.
    audit_record(
        actor=actor,
        action="meeting.vote_ballot_secret",
        target=vote.meeting,
        unit=vote.meeting.cell,
        changes={"vote": vote.pk, "member": member.pk},
    )


@transaction.atomic
def ballot_paper(*, vote: Vote, members: Iterable[Member], counts: Mapping[str, int], actor: User) -> None:
    """The secretary records the paper ballots of members without a phone in a secret ballot: who put a paper in
    the box (casts, on_paper) and how many papers chose what (added to the counters). The counts must add up to
    the number of members; a member who already voted is refused."""
    vote = _locked_vote(vote)
    require_runner(actor, vote.meeting.cell)
    if not vote.secret:
        raise ValidationError(
            _("Phiếu giấy chỉ dùng cho bỏ phiếu kín; biểu quyết công khai thì ghi thay."), code="open"
        )
    _check_open(vote)
    papers = {m.pk: m for m in members}
    if not papers:
        raise ValidationError(_("Cần chọn đảng viên bỏ phiếu giấy."), code="no_members")
    if set(counts) - set(VoteChoice.values) or any(not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ValidationError(_("Số phiếu không hợp lệ."), code="bad_counts")
    if sum(counts.values()) != len(papers):
        raise ValidationError(
            _("Tổng số phiếu (%(total)s) phải bằng số đảng viên bỏ phiếu giấy (%(members)s)."),
            code="counts_mismatch",
            params={"total": sum(counts.values()), "members": len(papers)},
        )
    fresh = list(Member.objects.filter(pk__in=papers))
    if len(fresh) != len(papers) or not all(_called(vote, m) for m in fresh):
        raise ValidationError(_("Có đảng viên không được triệu tập biểu quyết."), code="not_called")
    voted = list(
        SecretBallotCast.objects.filter(vote_id=vote.pk, member_id__in=papers).values_list(
            "member__full_name", flat=True
        )
    )
    if voted:
        raise ValidationError(
            _("Đã bỏ phiếu trước đó: %(names)s."), code="already_voted", params={"names": ", ".join(sorted(voted))}
        )
    _room_for(vote, len(papers))
    SecretBallotCast.objects.bulk_create(SecretBallotCast(vote=vote, member_id=pk, on_paper=True) for pk in papers)
    _add_to_tally(vote, counts)
    audit_record(
        actor=actor,
        action="meeting.vote_paper_ballots",
        target=vote.meeting,
        unit=vote.meeting.cell,
        changes={"vote": vote.pk, "members": sorted(papers), "papers": len(papers)},
    )


@transaction.atomic
def vote_close(*, vote: Vote, actor: User) -> Vote:
    """The secretary closes the vote: writes yes/no/abstain, whether the quorum was met and whether it passed."""
    vote = _locked_vote(vote)
    require_runner(actor, vote.meeting.cell)
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(_("Biểu quyết đã kết thúc."), code="vote_closed")
    if vote.secret:
        results = {t.choice: t.count for t in SecretTally.objects.filter(vote_id=vote.pk)}
    else:
        rows = OpenBallot.objects.filter(vote_id=vote.pk).values("choice").annotate(n=Count("pk"))
        results = {r["choice"]: r["n"] for r in rows}
    taking_part = participants(vote)
    if sum(results.values()) != taking_part:  # cannot happen: casts and counters move in one transaction
        raise ValidationError(_("Số phiếu không khớp số người bỏ phiếu."), code="tally_mismatch")
    vote.yes = results.get(VoteChoice.YES, 0)
    vote.no = results.get(VoteChoice.NO, 0)
    vote.abstain = results.get(VoteChoice.ABSTAIN, 0)
    vote.quorum_met = quorum_met(participants=taking_part, eligible=vote.eligible)
    vote.passed = decision_passes(yes=vote.yes, participants=taking_part, eligible=vote.eligible)
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.save(update_fields=["yes", "no", "abstain", "quorum_met", "passed", "status", "closed_at"])
    audit_record(
        actor=actor,
        action="meeting.vote_closed",
        target=vote.meeting,
        unit=vote.meeting.cell,
        changes={
            "vote": vote.pk,
            "eligible": vote.eligible,
            "participants": taking_part,
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
            "quorum_met": vote.quorum_met,
            "passed": vote.passed,
        },
    )
    return vote
