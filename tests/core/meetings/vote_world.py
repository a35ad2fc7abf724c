"""A meeting with every kind of member for the vote-rule tests, as a cell meeting (cell X) or as a committee
meeting (the committee of C1, whose seat holders sit in cells X and Y — so every lookup must go through the
roster, not the meeting's cell_id).

Members: three official (`official`, the first with the login dv_x), one working away (`away`), two probationary
(`probationary`, the first with the login dv_prob), one exempt member present (`exempt_here`, login dv_exempt),
one exempt member absent (`exempt_away`) and one deceased (`deceased`). Present: official[0..1], probationary[0],
exempt_here. So E = 3 official + away + exempt_here = 5 (quorum 4, passing needs 3 yes)."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.utils import timezone

from core.meetings.models import Meeting, MeetingKind
from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
from core.members.models import CommitteePosition, CommitteeSeat, Member, MemberStatus
from tests.core.meetings.conftest import give_account, mark_present, published_meeting
from tests.factories.org import MemberFactory, Tree

KINDS = ["cell", "committee"]


@dataclass
class World:
    kind: str
    meeting: Meeting
    runner: User
    official: list[Member]
    away: Member
    probationary: list[Member]
    exempt_here: Member
    exempt_away: Member
    deceased: Member
    users: dict[str, User] = field(default_factory=dict)

    @property
    def present(self) -> list[Member]:
        return [*self.official[:2], self.probationary[0], self.exempt_here]


def _committee_meeting(tree: Tree, seated: list[Member]) -> Meeting:
    admin = tree.users["admin_d1"]
    for member in seated:  # rows as an import would leave them (the rules of who sits are not tested here)
        CommitteeSeat.objects.create(
            unit=tree.c1, member=member, position=CommitteePosition.MEMBER, started_on=timezone.localdate()
        )
    start = timezone.now() + dt.timedelta(minutes=10)
    meeting = meeting_schedule(
        cell=tree.c1, kind=MeetingKind.COMMITTEE, title="Họp Ban Chấp hành", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), actor=admin,
    )  # fmt: skip
    agenda_item_add(meeting=meeting, title="Công tác cán bộ", actor=admin)
    meeting_publish(meeting=meeting, actor=admin)
    meeting.refresh_from_db()
    return meeting


def build_world(tree: Tree, kind: str) -> World:
    """The meeting and its members (inside the tenant schema)."""
    home = tree.y if kind == "committee" else tree.x  # committee: extra people from another cell than X

    def one(status: str) -> Member:
        return MemberFactory.create(cell=home, status=status)

    official = [tree.members["X"][0], one(MemberStatus.OFFICIAL), one(MemberStatus.OFFICIAL)]
    away, deceased = one(MemberStatus.WORKING_AWAY), one(MemberStatus.DECEASED)
    probationary = [one(MemberStatus.PROBATIONARY), one(MemberStatus.PROBATIONARY)]
    exempt_here, exempt_away = one(MemberStatus.EXEMPT), one(MemberStatus.EXEMPT)
    people = [*official, away, deceased, *probationary, exempt_here, exempt_away]
    if kind == "committee":
        meeting, runner = _committee_meeting(tree, people), tree.users["admin_d1"]
    else:
        Member.objects.filter(cell=tree.x).exclude(pk__in=[m.pk for m in people]).update(cell=tree.y)  # only these
        meeting = published_meeting(tree)
        runner = tree.users["sec_x"]
    world = World(kind, meeting, runner, official, away, probationary, exempt_here, exempt_away, deceased)
    world.users = {
        "dv_x": tree.users["member_x"],
        "dv_prob": give_account(probationary[0], "dv_prob"),
        "dv_exempt": give_account(exempt_here, "dv_exempt"),
        "dv_o2": give_account(official[1], "dv_o2"),
    }
    mark_present(meeting, *world.present)
    return world
