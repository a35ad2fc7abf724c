"""Who may vote (issue 20), through the services, on cell and committee meetings: E = official members not gone,
minus exempt members not present; probationary members never; ballots only from members present; quorum and
majority on that E; every count of "members who may vote" (vote snapshot, secretary's read model, demo data)
comes from the same rule."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from core.audit.models import AuditEvent
from core.demo.meetings import _Builder
from core.demo.voters import seed_voting_demo
from core.meetings.models import Attendance, AttendanceStatus, OpenBallot, Opinion, SecretBallotCast, SecretTally, Vote
from core.meetings.roster import participants
from core.meetings.selectors_secretary import meeting_for_runner
from core.meetings.services.participation import opinion_submit
from core.meetings.services.votes import ballot_cast, ballot_paper, vote_close, vote_open
from core.meetings.vote_rules import is_present, may_vote, present_ids, voters
from core.members.models import Member, MemberStatus
from tests.core.meetings.conftest import give_account, mark_present, published_meeting
from tests.core.meetings.vote_world import KINDS, build_world
from tests.factories.org import MemberFactory
from tests.helpers import in_tenant


@pytest.fixture(params=KINDS)
def world(request, tree, alpha):
    with in_tenant(alpha):
        yield build_world(tree, request.param)


def _code(excinfo) -> str:
    return excinfo.value.code


def test_the_predicate_the_query_and_the_read_model_agree(world):
    meeting = world.meeting
    here = {m.pk for m in world.present}
    expected = {m.pk for m in participants(meeting) if may_vote(status=m.status, present=m.pk in here)}
    assert {m.pk for m in voters(meeting)} == expected
    assert expected == {*(m.pk for m in world.official), world.away.pk, world.exempt_here.pk}
    screen = meeting_for_runner(meeting)
    assert screen.voters == len(expected) == 5
    notes = {row.member.pk: (row.may_vote, row.vote_note) for row in screen.roster}
    assert notes[world.probationary[0].pk] == (False, "dự bị — không biểu quyết")  # present, still no vote
    assert notes[world.exempt_here.pk] == (True, "miễn sinh hoạt — biểu quyết khi có mặt")
    assert notes[world.exempt_away.pk] == (False, "miễn sinh hoạt — biểu quyết khi có mặt")
    assert notes[world.away.pk] == (True, "") and world.deceased.pk not in notes
    vote = vote_open(meeting=meeting, question="Thông qua", secret=False, actor=world.runner)
    assert vote.eligible == 5 and vote.voters == sorted(expected)
    assert AuditEvent.objects.get(action="meeting.vote_opened").changes["eligible"] == 5


def test_quorum_and_majority_on_that_e_worked_example(world):
    """E = 5 → quorum needs 4 (3·4 ≥ 10), passing needs 3 yes (2·3 > 5). Probationary members present are not in
    E: counting them (E = 7) would need 5 participants and 4 yes."""
    o0, o1, o2 = world.official
    mark_present(world.meeting, o2)
    vote = vote_open(meeting=world.meeting, question="Thông qua nghị quyết", secret=False, actor=world.runner)
    ballot_cast(vote=vote, member=o0, choice="yes", actor=world.users["dv_x"])
    ballot_cast(vote=vote, member=world.exempt_here, choice="yes", actor=world.users["dv_exempt"])
    ballot_cast(vote=vote, member=o1, choice="yes", actor=world.users["dv_o2"])
    with pytest.raises(ValidationError) as short:  # 3 of 5: below quorum
        vote_close(vote=vote, actor=world.runner)
    assert (
        _code(short) == "below_quorum" and "3/5" in short.value.messages[0] and "ít nhất 4" in short.value.messages[0]
    )
    ballot_cast(vote=vote, member=o2, choice="no", actor=world.runner)  # o2 has no phone: the runner records it
    closed = vote_close(vote=vote, actor=world.runner)
    assert (closed.eligible, closed.participants, closed.yes, closed.no) == (5, 4, 3, 1)
    assert closed.quorum_met is True and closed.passed is True


def test_exactly_half_fails_and_below_quorum_needs_a_reason(world):
    """E = 6 (exempt_away marked present before opening): 4 take part (quorum exactly 2/3), 3 yes = exactly half →
    not passed. A second vote closed at 3 of 6 needs the runner's reason and is invalid."""
    mark_present(world.meeting, world.exempt_away, world.official[2])
    vote = vote_open(meeting=world.meeting, question="Q", secret=False, actor=world.runner)
    assert vote.eligible == 6
    voters_ = [world.official[0], world.official[1], world.exempt_here, world.official[2]]
    for member, choice in zip(voters_, ["yes", "yes", "yes", "no"], strict=True):
        ballot_cast(vote=vote, member=member, choice=choice, actor=world.runner if member.user is None else member.user)
    closed = vote_close(vote=vote, actor=world.runner)
    assert (closed.quorum_met, closed.passed) == (True, False)
    again = vote_open(meeting=world.meeting, question="Q2", secret=False, actor=world.runner)
    for member in voters_[:3]:
        ballot_cast(vote=again, member=member, choice="yes", actor=world.runner if member.user is None else member.user)
    closed = vote_close(vote=again, actor=world.runner, below_quorum_reason="  Hết giờ họp  ")
    assert (closed.quorum_met, closed.passed, closed.below_quorum_reason) == (False, False, "Hết giờ họp")
    audit = AuditEvent.objects.filter(action="meeting.vote_closed").latest("pk")
    assert audit.changes["below_quorum_reason"] == "Hết giờ họp" and audit.actor == world.runner


@pytest.mark.parametrize("secret", [False, True])
def test_probationary_members_are_refused_but_still_give_opinions(world, secret):
    prob, prob_user = world.probationary[0], world.users["dv_prob"]
    vote = vote_open(meeting=world.meeting, question="Kết nạp", secret=secret, actor=world.runner)
    with pytest.raises(ValidationError) as own:
        ballot_cast(vote=vote, member=prob, choice="yes", actor=prob_user)
    assert _code(own) == "probationary" and "dự bị — không biểu quyết" in own.value.messages[0]
    assert "góp ý kiến" in own.value.messages[0]
    if secret:
        with pytest.raises(ValidationError) as paper:
            ballot_paper(vote=vote, members=[world.probationary[1]], counts={"yes": 1}, actor=world.runner)
        assert _code(paper) == "probationary" and world.probationary[1].full_name in paper.value.messages[0]
    else:
        with pytest.raises(ValidationError) as proxy:
            ballot_cast(vote=vote, member=world.probationary[1], choice="yes", actor=world.runner)
        assert _code(proxy) == "probationary" and "dự bị" in proxy.value.messages[0]
    assert not OpenBallot.objects.exists() and not SecretBallotCast.objects.exists()
    assert sum(SecretTally.objects.values_list("count", flat=True)) == 0
    opinion_submit(meeting=world.meeting, member=prob, text="Em xin góp ý", actor=prob_user)
    opinion_submit(meeting=world.meeting, member=world.probationary[1], text="Ghi thay", actor=world.runner)
    assert Opinion.objects.filter(member__status=MemberStatus.PROBATIONARY).count() == 2


def test_exempt_members_vote_when_present_at_opening_and_are_left_out_otherwise(world):
    vote = vote_open(meeting=world.meeting, question="Q", secret=True, actor=world.runner)
    assert world.exempt_here.pk in vote.voters and world.exempt_away.pk not in vote.voters
    ballot_cast(vote=vote, member=world.exempt_here, choice="yes", actor=world.users["dv_exempt"])
    with pytest.raises(ValidationError) as absent:
        ballot_paper(vote=vote, members=[world.exempt_away], counts={"yes": 1}, actor=world.runner)
    assert _code(absent) == "exempt_absent"
    mark_present(world.meeting, world.exempt_away)  # arrives after the vote opened: E stays as it was
    with pytest.raises(ValidationError) as late:
        ballot_paper(vote=vote, members=[world.exempt_away], counts={"yes": 1}, actor=world.runner)
    assert _code(late) == "exempt_absent" and "chưa có mặt khi biểu quyết này được mở" in late.value.messages[0]
    assert SecretBallotCast.objects.filter(vote=vote).count() == 1
    assert Vote.objects.get(pk=vote.pk).eligible == 5
    vote_close(vote=vote, actor=world.runner, below_quorum_reason="Chuyển sang nội dung khác")
    later = vote_open(meeting=world.meeting, question="Q2", secret=False, actor=world.runner)
    assert later.eligible == 6 and world.exempt_away.pk in later.voters  # the next vote counts them


def test_ballots_only_from_members_present(world):
    """Official member absent (o2, away) → own, proxy and paper ballots refused with the reason; once marked
    present they are accepted."""
    o2, away = world.official[2], world.away
    give_account(o2, "dv_o3")
    open_vote = vote_open(meeting=world.meeting, question="Công khai", secret=False, actor=world.runner)
    with pytest.raises(ValidationError) as own:
        ballot_cast(vote=open_vote, member=o2, choice="yes", actor=User.objects.get(username="dv_o3"))
    assert _code(own) == "not_present" and "cần điểm danh có mặt" in own.value.messages[0]
    with pytest.raises(ValidationError) as proxy:
        ballot_cast(vote=open_vote, member=away, choice="yes", actor=world.runner)
    assert _code(proxy) == "not_present" and away.full_name in proxy.value.messages[0]
    mark_present(world.meeting, away)
    ballot_cast(vote=open_vote, member=away, choice="yes", actor=world.runner)
    vote_close(vote=open_vote, actor=world.runner, below_quorum_reason="Thử")
    secret = vote_open(meeting=world.meeting, question="Kín", secret=True, actor=world.runner)
    with pytest.raises(ValidationError) as paper:
        ballot_paper(vote=secret, members=[o2], counts={"no": 1}, actor=world.runner)
    assert _code(paper) == "not_present" and o2.full_name in paper.value.messages[0]
    assert not SecretBallotCast.objects.filter(vote=secret).exists()


def test_gone_members_and_members_outside_the_meeting_never_vote(world, tree):
    vote = vote_open(meeting=world.meeting, question="Q", secret=False, actor=world.runner)
    assert world.deceased.pk not in vote.voters
    mark_present(world.meeting, world.official[2])
    Member.objects.filter(pk=world.official[2].pk).update(status=MemberStatus.TRANSFERRED_OUT)
    for member in (world.deceased, Member.objects.get(pk=world.official[2].pk), tree.members["Z"][0]):
        with pytest.raises(ValidationError) as refused:
            ballot_cast(vote=vote, member=member, choice="yes", actor=world.runner)
        assert _code(refused) == "not_called"


def test_demo_votes_follow_the_rule():
    """The demo's closed votes count E and ballots with may_vote: present probationary members do not vote, present
    exempt members do, absent exempt members are left out."""
    statuses = [
        (MemberStatus.OFFICIAL, True), (MemberStatus.OFFICIAL, False), (MemberStatus.PROBATIONARY, True),
        (MemberStatus.EXEMPT, True), (MemberStatus.EXEMPT, False), (MemberStatus.WORKING_AWAY, False),
    ]  # fmt: skip
    members = [Member(pk=n + 1, status=status, full_name=f"M{n}") for n, (status, _here) in enumerate(statuses)]
    present = [m for m, (_s, here) in zip(members, statuses, strict=True) if here]
    builder = _Builder("test", dt.date(2026, 12, 1))
    builder._vote(0, "Tháng 6", dt.datetime(2026, 6, 5, 8, tzinfo=dt.UTC), members, present)
    ((_i, vote),) = builder.batch.votes
    assert vote.voters == [1, 2, 4, 6] and vote.eligible == 4 and vote.participants == 2  # official + exempt here
    assert vote.yes + vote.abstain == 2 and vote.quorum_met is False


def test_demo_has_a_probationary_and_an_exempt_login_in_the_demo_cell(tree, alpha):
    with in_tenant(alpha):
        give_account(tree.members["X"][1], "dangvien")
        MemberFactory(cell=tree.x, status=MemberStatus.EXEMPT, exempt_reason="health")
        seed_voting_demo()
        seed_voting_demo()  # idempotent
        dubi = Member.objects.get(user__username="dubi")
        mien = Member.objects.get(user__username="mienhoat")
        assert (dubi.cell_id, dubi.status, dubi.official_on) == (tree.x.pk, MemberStatus.PROBATIONARY, None)
        assert (mien.cell_id, mien.status, mien.exempt_reason) == (tree.x.pk, MemberStatus.EXEMPT, "health")
        assert Member.objects.filter(user__username="dangvien", status=MemberStatus.OFFICIAL).exists()


def test_migration_backfills_votes_taken_before_the_rule(world):
    """Votes open at deploy keep the E they counted (earlier rule); closed ones get their participants."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("core.meetings.migrations.0006_vote_voters_and_withheld_results")
    still_open = vote_open(meeting=world.meeting, question="Trước khi nâng cấp", secret=False, actor=world.runner)
    Vote.objects.filter(pk=still_open.pk).update(voters=[])
    closed = Vote.objects.create(
        meeting=world.meeting, question="Đã xong", status="closed", opened_at=still_open.opened_at, yes=2, no=1
    )
    migration.backfill(apps, None)
    earlier = {m.pk for m in participants(world.meeting) if m.status not in ("exempt", "deceased", "transferred_out")}
    assert set(Vote.objects.get(pk=still_open.pk).voters) == earlier  # includes probationary members, as counted then
    assert Vote.objects.get(pk=closed.pk).participants == 3


def test_presence_counts_only_this_meeting_and_only_present(world, tree):
    """The exempt member absent here is marked present at another meeting of the same day and excused here: they
    are still not present here, so they neither count in E nor may vote (the query and the predicate agree)."""
    meeting, absent = world.meeting, world.exempt_away
    other = published_meeting(tree, starts_in=dt.timedelta(hours=5))
    mark_present(other, absent)
    Attendance.objects.create(meeting=meeting, member=absent, status=AttendanceStatus.EXCUSED, reason="Ốm")
    assert not is_present(meeting, absent) and is_present(other, absent)
    assert set(present_ids(meeting)) == {m.pk for m in world.present}
    assert absent.pk not in {m.pk for m in voters(meeting)}
    assert voters(meeting).count() == 5
