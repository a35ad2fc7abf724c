"""Votes at a cell or committee meeting: open tally (names kept with choices) and secret ballot (who voted kept
apart from how many chose what). The rule follows the Party's own texts (ADR 0013 has the quotations):

Who votes — E, the eligible voters of one vote, fixed when the vote opens (Vote.voters, Vote.eligible):
- official members of the cell (or the committee, for a committee meeting) who are not transferred out or
  deceased; members working away are official members and count;
- exempt members (miễn công tác và sinh hoạt đảng) count and vote only if present when the vote opens; absent,
  they are left out of E. Sources: Quy chế bầu cử trong Đảng (190-QĐ/TW, 2019), Điều 32 khoản 2 — the total is
  the official members called "trừ … đảng viên đã được miễn công tác và sinh hoạt đảng không có mặt ở đại hội
  (nếu đảng viên đó có mặt …, tham gia bầu cử, biểu quyết thì vẫn tính)"; earlier Quy định 23-QĐ/TW (2006) điểm
  12.3b and Hướng dẫn 01-HD/TW (2016) điểm 13.2 say the same, as do the organisation committee's published answers;
- probationary members never: Điều lệ Đảng (2011), Điều 5 — a probationary member has the duties and rights of an
  official member "trừ quyền biểu quyết, ứng cử và bầu cử cơ quan lãnh đạo của Đảng". They still give opinions.
- A ballot (own, proxy or paper) is accepted only from a member in E who is marked present at the meeting: votes
  at a meeting are cast by the members present.

How it is decided (integers only): participants P = ballots (open vote) or casts (secret ballot);
- valid (quorum) when at least two thirds of E take part: 3·P ≥ 2·E (kept from ADR 0008);
- passed when valid and MORE THAN HALF of E vote yes (tán thành): 2·yes > E (exactly half fails) — Điều lệ Đảng,
  Điều 10 khoản 5: "Nghị quyết … chỉ có giá trị thi hành khi có hơn một nửa số thành viên … tán thành".
- Closing below quorum is refused unless the secretary gives a reason (recorded on the vote and in the audit).
  Worked example: a cell of 7 official members, 2 probationary and 1 exempt member present → E = 8; quorum
  needs P ≥ 6 (18 ≥ 16); passing needs yes ≥ 5 (10 > 8).

Secrecy of a secret ballot (threat: a secretary watching turnout; anyone reading the schema, audit or logs):
- SecretBallotCast records that a member voted (no choice, no time); SecretTally holds one counter per choice
  (no member), updated in one statement touching all three rows so that row versions do not single out the chosen
  counter. The counters are deleted when the vote closes; the published counts live on the Vote only.
- Counts per choice are published only if `vote_rules.withheld_reason` allows it — decided from public facts
  only (no quorum, fewer than 3 participants, 1–2 phone voters beside paper ballots → only P, E and the verdict).
  A secret ballot needs E ≥ 3 to open. Nothing but turnout is shown while the vote is open.
- Audit rows, log lines and flash messages of secret ballots never carry a choice; the paper-ballot audit row lists
  who voted on paper but not the counts; the closing audit row carries counts only when they are published.
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEMBERS_ACT_FOR
from core.audit.services import audit_record
from core.meetings import roster, vote_rules
from core.meetings.models import AgendaItem, Meeting, OpenBallot, SecretBallotCast, SecretTally, Vote, VoteChoice
from core.meetings.models.votes import VoteStatus
from core.meetings.services.common import OPEN_STATUSES, locked, require_runner
from core.members.models import Member

# Re-exported: callers read the arithmetic from here as before.
quorum_met = vote_rules.quorum_met
decision_passes = vote_rules.decision_passes


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


def _refusal(vote: Vote, member: Member, present: set[int]) -> str:
    """Why the member may not vote now ("" = they may): see vote_rules.refusal."""
    return vote_rules.refusal(
        status=member.status,
        member_id=member.pk,
        voters_at_opening=vote.voters,
        in_roster=roster.takes_part(vote.meeting, member),
        present=member.pk in present,
    )


def _refuse(code: str, member: Member, *, proxy: bool) -> ValidationError:
    if proxy:
        return ValidationError(vote_rules.PROXY_REFUSALS[code], code=code, params={"name": member.full_name})
    return ValidationError(vote_rules.OWN_REFUSALS[code], code=code)


def _add_to_tally(vote: Vote, counts: Mapping[str, int]) -> None:
    """Add counts to the vote's counters in ONE statement touching all three rows (see the module docstring)."""
    increment = Case(*(When(choice=choice, then=Value(n)) for choice, n in counts.items() if n), default=Value(0))
    updated = SecretTally.objects.filter(vote_id=vote.pk).update(count=F("count") + increment)
    if updated != len(VoteChoice.values):
        raise ValidationError(_("Phiếu kín chưa được khởi tạo đúng."), code="no_tally")


def _check_question(meeting: Meeting, question: str, agenda_item: AgendaItem | None) -> str:
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
    return question


@transaction.atomic
def vote_open(
    *, meeting: Meeting, question: str, secret: bool, actor: User, agenda_item: AgendaItem | None = None
) -> Vote:
    """The secretary opens a vote while the meeting is published or held; one open vote at a time per meeting.
    Snapshots the members who may vote (E); a secret ballot needs E ≥ 3 and starts with three counters at zero."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    question = _check_question(meeting, question, agenda_item)
    ids = sorted(vote_rules.voters(meeting).values_list("pk", flat=True))
    if not ids:
        raise ValidationError(
            _("Không có đảng viên có quyền biểu quyết (đảng viên chính thức; đồng chí miễn sinh hoạt khi có mặt)."),
            code="no_eligible",
        )
    if secret and len(ids) < vote_rules.MIN_SECRET_GROUP:
        raise ValidationError(
            _(
                "Bỏ phiếu kín cần ít nhất 3 đảng viên có quyền biểu quyết: với ít hơn, kết quả sẽ cho biết từng "
                "đồng chí đã chọn gì. Hãy biểu quyết công khai."
            ),
            code="too_few_for_secret",
        )
    vote = Vote.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        question=question,
        secret=secret,
        voters=ids,
        eligible=len(ids),
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
        changes={"vote": vote.pk, "question": question, "secret": secret, "eligible": len(ids)},
    )
    return vote


@transaction.atomic
def ballot_cast(*, vote: Vote, member: Member, choice: str, actor: User) -> None:
    """A member present at the meeting votes. Open vote: their ballot, or the secretary's for a member without a
    phone (proxy, audited with on_behalf_of). Secret ballot: only the member themselves; a cast and +1 on a counter,
    never together in one row. Returns nothing so that no caller echoes a secret choice."""
    vote = _locked_vote(vote)
    member = Member.objects.select_related("user").get(pk=member.pk)
    meeting = vote.meeting
    proxy = member.user_id is None or member.user_id != actor.pk
    if vote.secret and proxy:
        raise PermissionDenied(_("Phiếu kín chỉ do chính đảng viên bỏ; phiếu giấy do bí thư ghi nhận theo số lượng."))
    if proxy and not has_perm_on(actor, MEMBERS_ACT_FOR, meeting.cell):
        raise PermissionDenied
    present = set(vote_rules.present_ids(meeting).filter(member_id=member.pk))
    code = _refusal(vote, member, present)
    if code:
        raise _refuse(code, member, proxy=proxy)
    _check_open(vote)
    _check_choice(choice)
    if vote.secret:
        _secret_cast(vote, member, choice, actor)
    else:
        _open_cast(vote, member, choice, actor, proxy=proxy)


def _open_cast(vote: Vote, member: Member, choice: str, actor: User, *, proxy: bool) -> None:
    if OpenBallot.objects.filter(vote_id=vote.pk, member_id=member.pk).exists():
        raise ValidationError(_("Đồng chí đã biểu quyết."), code="already_voted")
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


def _check_counts(counts: Mapping[str, int], members: int) -> None:
    if set(counts) - set(VoteChoice.values) or any(not isinstance(n, int) or n < 0 for n in counts.values()):
        raise ValidationError(_("Số phiếu không hợp lệ."), code="bad_counts")
    if sum(counts.values()) != members:
        raise ValidationError(
            _("Tổng số phiếu (%(total)s) phải bằng số đảng viên bỏ phiếu giấy (%(members)s)."),
            code="counts_mismatch",
            params={"total": sum(counts.values()), "members": members},
        )


def _check_paper_members(vote: Vote, ids: set[int]) -> None:
    """Every paper voter is in E, still takes part and is present; none has voted already."""
    fresh = list(roster.participants(vote.meeting).filter(pk__in=ids).order_by("full_name"))
    if len(fresh) != len(ids):
        raise ValidationError(_("Có đảng viên không được triệu tập biểu quyết."), code="not_called")
    present = set(vote_rules.present_ids(vote.meeting).filter(member_id__in=ids))
    refused = [(m, code) for m in fresh if (code := _refusal(vote, m, present))]
    if refused:
        text = " ".join(_refuse(code, m, proxy=True).messages[0] for m, code in refused)
        raise ValidationError(text, code=refused[0][1])
    voted = list(
        SecretBallotCast.objects.filter(vote_id=vote.pk, member_id__in=ids).values_list("member__full_name", flat=True)
    )
    if voted:
        raise ValidationError(
            _("Đã bỏ phiếu trước đó: %(names)s."), code="already_voted", params={"names": ", ".join(sorted(voted))}
        )


@transaction.atomic
def ballot_paper(*, vote: Vote, members: Iterable[Member], counts: Mapping[str, int], actor: User) -> None:
    """The secretary records the paper ballots of members present without a phone in a secret ballot: who put a
    paper in the box (casts, on_paper) and how many papers chose what (added to the counters). The counts must add
    up to the number of members; a member who already voted, or may not vote, is refused."""
    vote = _locked_vote(vote)
    require_runner(actor, vote.meeting.cell)
    if not vote.secret:
        raise ValidationError(
            _("Phiếu giấy chỉ dùng cho bỏ phiếu kín; biểu quyết công khai thì ghi thay."), code="open"
        )
    _check_open(vote)
    ids = {m.pk for m in members}
    if not ids:
        raise ValidationError(_("Cần chọn đảng viên bỏ phiếu giấy."), code="no_members")
    _check_counts(counts, len(ids))
    _check_paper_members(vote, ids)
    SecretBallotCast.objects.bulk_create(SecretBallotCast(vote=vote, member_id=pk, on_paper=True) for pk in ids)
    _add_to_tally(vote, counts)
    audit_record(
        actor=actor,
        action="meeting.vote_paper_ballots",
        target=vote.meeting,
        unit=vote.meeting.cell,
        changes={"vote": vote.pk, "members": sorted(ids), "papers": len(ids)},
    )


def _counts(vote: Vote) -> dict[str, int]:
    if vote.secret:
        return {t.choice: t.count for t in SecretTally.objects.filter(vote_id=vote.pk)}
    rows = OpenBallot.objects.filter(vote_id=vote.pk).values("choice").annotate(n=Count("pk"))
    return {r["choice"]: r["n"] for r in rows}


def _below_quorum_refusal(vote: Vote, taking_part: int) -> ValidationError:
    return ValidationError(
        _(
            "Chưa đủ 2/3 số đảng viên có quyền biểu quyết tham gia (%(p)s/%(e)s, cần ít nhất %(need)s). Kết thúc lúc "
            "này thì biểu quyết không hợp lệ%(secret)s; nếu vẫn kết thúc, cần ghi rõ lý do."
        ),
        code="below_quorum",
        params={
            "p": taking_part,
            "e": vote.eligible,
            "need": vote_rules.quorum_needed(vote.eligible),
            "secret": _(" và số phiếu không được công bố") if vote.secret else "",
        },
    )


@transaction.atomic
def vote_close(*, vote: Vote, actor: User, below_quorum_reason: str = "") -> Vote:
    """The secretary closes the vote: records participants, quorum and verdict, and the counts per choice unless a
    secret ballot's counts must be withheld (vote_rules.withheld_reason). Below quorum it is refused unless the
    secretary gives a reason (kept on the vote and in the audit row)."""
    vote = _locked_vote(vote)
    require_runner(actor, vote.meeting.cell)
    if vote.status != VoteStatus.OPEN:
        raise ValidationError(_("Biểu quyết đã kết thúc."), code="vote_closed")
    taking_part = participants(vote)
    quorum = quorum_met(participants=taking_part, eligible=vote.eligible)
    reason = below_quorum_reason.strip()
    if not quorum and not reason:
        raise _below_quorum_refusal(vote, taking_part)
    if len(reason) > 300:
        raise ValidationError(_("Lý do tối đa 300 ký tự."), code="too_long")
    results = _counts(vote)
    if sum(results.values()) != taking_part:  # cannot happen: casts and counters move in one transaction
        raise ValidationError(_("Số phiếu không khớp số người bỏ phiếu."), code="tally_mismatch")
    on_paper = SecretBallotCast.objects.filter(vote_id=vote.pk, on_paper=True).count() if vote.secret else 0
    withheld = vote_rules.withheld_reason(
        secret=vote.secret, quorum=quorum, participants=taking_part, on_paper=on_paper
    )
    yes = results.get(VoteChoice.YES, 0)
    vote.passed = decision_passes(yes=yes, participants=taking_part, eligible=vote.eligible)
    vote.quorum_met, vote.participants, vote.withheld = quorum, taking_part, withheld
    vote.below_quorum_reason = "" if quorum else reason
    shown = {} if withheld else results
    vote.yes, vote.no, vote.abstain = (shown.get(c, 0) for c in (VoteChoice.YES, VoteChoice.NO, VoteChoice.ABSTAIN))
    vote.status, vote.closed_at = VoteStatus.CLOSED, timezone.now()
    vote.save()
    SecretTally.objects.filter(vote_id=vote.pk).delete()  # a secret ballot's counts live on only if published
    _audit_close(vote, actor)
    return vote


def _audit_close(vote: Vote, actor: User) -> None:
    changes: dict[str, object] = {
        "vote": vote.pk,
        "eligible": vote.eligible,
        "participants": vote.participants,
        "quorum_met": vote.quorum_met,
        "passed": vote.passed,
    }
    if vote.withheld:
        changes["withheld"] = vote.withheld
    else:
        changes.update(yes=vote.yes, no=vote.no, abstain=vote.abstain)
    if vote.below_quorum_reason:
        changes["below_quorum_reason"] = vote.below_quorum_reason
    audit_record(
        actor=actor, action="meeting.vote_closed", target=vote.meeting, unit=vote.meeting.cell, changes=changes
    )
