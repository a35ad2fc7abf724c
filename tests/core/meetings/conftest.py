"""A tree in alpha (cells X, Y, Z) and a helper to schedule a published meeting of X starting soon."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from core.access.models import Role
from core.meetings.models import Meeting
from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
from core.members.models import Member
from core.org.models import OrgUnit
from tests.conftest import PASSWORD
from tests.factories.org import Tree, build_tree, user_with
from tests.helpers import in_tenant


@pytest.fixture
def tree(alpha):
    with in_tenant(alpha):
        yield build_tree()


def give_account(member: Member, username: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    Member.objects.filter(pk=member.pk).update(user=user)
    member.refresh_from_db()
    return user


def published_meeting(
    tree: Tree, cell: OrgUnit | None = None, starts_in: dt.timedelta = dt.timedelta(minutes=10), items: int = 2
) -> Meeting:
    cell = cell or tree.x
    key = f"sec_{cell.code.lower()}"
    if key not in tree.users:
        tree.users[key] = user_with(key, (Role.CELL_SECRETARY, cell))
    actor = tree.users[key]
    start = timezone.now() + starts_in
    meeting = meeting_schedule(
        cell=cell, title="Sinh hoạt tháng 12", starts_at=start, ends_at=start + dt.timedelta(hours=2), actor=actor
    )
    for n in range(items):
        agenda_item_add(meeting=meeting, title=f"Nội dung {n + 1}", actor=actor)
    meeting_publish(meeting=meeting, actor=actor)
    meeting.refresh_from_db()
    return meeting


def mark_present(meeting: Meeting, *members: Member) -> None:
    """Mark members present at the meeting (as check-in or the secretary would): votes need presence."""
    from core.meetings.models import Attendance, AttendanceStatus

    for member in members:
        Attendance.objects.update_or_create(
            meeting=meeting, member=member, defaults={"status": AttendanceStatus.PRESENT, "reason": ""}
        )
