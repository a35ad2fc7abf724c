"""The vote rules as plain values and one query: who may vote (E), quorum, majority, and when a closed secret
ballot's counts may be published. The rule in words, with its sources, is the docstring of
`core.meetings.services.votes` and ADR 0013; every count of "members who may vote" (the vote's snapshot, the
secretary's screen and API, the demo data) goes through `may_vote` / `voters` here, never its own filter.

Everything is integer arithmetic (no float rounding)."""

from collections.abc import Collection

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.meetings import roster
from core.meetings.models import Attendance, AttendanceStatus, Meeting, Withheld
from core.members.models import Member, MemberStatus

# Official members vote (members working away are official members: they vote when they attend). Exempt members
# vote and count only when present. Probationary, transferred-out and deceased members never.
VOTING_STATUSES = (MemberStatus.OFFICIAL, MemberStatus.WORKING_AWAY)
VOTING_IF_PRESENT = (MemberStatus.EXEMPT,)
# Smallest group whose counts per choice are ever published for a secret ballot (see withheld_reason).
MIN_SECRET_GROUP = 3


def may_vote(*, status: str, present: bool) -> bool:
    """Whether a member with this status may vote (and counts in E), given whether they are present."""
    return status in VOTING_STATUSES or (status in VOTING_IF_PRESENT and present)


def present_ids(meeting: Meeting) -> QuerySet[Attendance, int]:
    """Ids of the members marked present at the meeting (by check-in or by the secretary)."""
    return Attendance.objects.filter(meeting_id=meeting.pk, status=AttendanceStatus.PRESENT).values_list(
        "member_id", flat=True
    )


def voters(meeting: Meeting) -> QuerySet[Member]:
    """The members who may vote at the meeting now: the same rule as `may_vote`, as one query over the roster."""
    present = Q(pk__in=present_ids(meeting))
    return roster.participants(meeting).filter(
        Q(status__in=VOTING_STATUSES) | (Q(status__in=VOTING_IF_PRESENT) & present)
    )


def is_present(meeting: Meeting, member: Member) -> bool:
    return present_ids(meeting).filter(member_id=member.pk).exists()


def quorum_needed(eligible: int) -> int:
    """The smallest P with 3·P ≥ 2·E."""
    return (2 * eligible + 2) // 3


def quorum_met(*, participants: int, eligible: int) -> bool:
    """At least two thirds of the eligible members take part (3·P ≥ 2·E); nobody eligible → no quorum."""
    return eligible > 0 and 3 * participants >= 2 * eligible


def decision_passes(*, yes: int, participants: int, eligible: int) -> bool:
    """Valid (quorum) and more than half of the eligible members vote yes (2·yes > E)."""
    return quorum_met(participants=participants, eligible=eligible) and 2 * yes > eligible


def withheld_reason(*, secret: bool, quorum: bool, participants: int, on_paper: int) -> str:
    """Why a closed secret ballot's counts per choice must not be published ("" = publish them).

    Decided ONLY from facts everyone in the room already knows (E, P, who voted, who voted on paper) — never
    from the counts: a rule such as "withhold a unanimous result" would itself announce the unanimity. Counts
    are withheld when no quorum was reached, when fewer than 3 took part, and when 1–2 members voted on the
    phone beside paper ballots (whoever counted the paper could subtract it and read those 1–2 choices)."""
    if not secret:
        return ""
    if not quorum:
        return Withheld.NO_QUORUM
    if participants < MIN_SECRET_GROUP:
        return Withheld.FEW
    on_phone = participants - on_paper
    if on_paper and 0 < on_phone < MIN_SECRET_GROUP:
        return Withheld.MIXED
    return ""


# --- why a member cannot vote ------------------------------------------------------------------------------------

PROBATIONARY_NOTE = _("dự bị — không biểu quyết")
EXEMPT_NOTE = _("miễn sinh hoạt — biểu quyết khi có mặt")


def voting_note(status: str) -> Promise | str:
    """The short note shown beside a member on rosters (pages and API); empty for official members."""
    if status == MemberStatus.PROBATIONARY:
        return PROBATIONARY_NOTE
    if status in VOTING_IF_PRESENT:
        return EXEMPT_NOTE
    return ""


def refusal(*, status: str, member_id: int, voters_at_opening: Collection[int], in_roster: bool, present: bool) -> str:
    """Why this member may not cast a ballot in a vote with that snapshot ("" = they may):
    probationary | exempt_absent (exempt, not present when the vote opened) | not_called | not_present."""
    if status == MemberStatus.PROBATIONARY:
        return "probationary"
    if not in_roster or member_id not in voters_at_opening:
        return "exempt_absent" if status in VOTING_IF_PRESENT and in_roster else "not_called"
    if not present:
        return "not_present"
    return ""


OWN_REFUSALS = {
    "probationary": _(
        "Đồng chí là đảng viên dự bị — không biểu quyết (Điều lệ Đảng, Điều 5). Đồng chí vẫn góp ý kiến về các nội "
        "dung của buổi sinh hoạt."
    ),
    "exempt_absent": _(
        "Đồng chí được miễn sinh hoạt và chưa có mặt khi biểu quyết này được mở, nên không thuộc số đảng viên biểu "
        "quyết lần này."
    ),
    "not_called": _("Đồng chí không thuộc danh sách đảng viên biểu quyết khi biểu quyết này được mở."),
    "not_present": _("Đồng chí cần điểm danh có mặt tại buổi sinh hoạt trước khi biểu quyết."),
}
PROXY_REFUSALS = {
    "probationary": _("Đồng chí %(name)s là đảng viên dự bị — không biểu quyết."),
    "exempt_absent": _(
        "Đồng chí %(name)s được miễn sinh hoạt và chưa có mặt khi biểu quyết này được mở, nên không biểu quyết lần này."
    ),
    "not_called": _("Đồng chí %(name)s không thuộc danh sách đảng viên biểu quyết khi biểu quyết này được mở."),
    "not_present": _(
        "Đồng chí %(name)s chưa được điểm danh có mặt: chỉ ghi phiếu cho đảng viên có mặt tại buổi sinh hoạt."
    ),
}
