"""Reminders about meetings whose day passed without being marked held: to the cell's secretaries and whoever
scheduled the meeting, once, only for the last two weeks, only in the tenant the daily task runs for."""

import datetime as dt

from django.utils import timezone

from core.meetings.models import Meeting, MeetingKind, MeetingStatus
from core.meetings.services.proceedings import meeting_mark_held
from core.meetings.services.reminders import remind_unmarked
from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
from core.meetings.tasks import series_daily
from core.members.committee import committee_seat_add
from core.members.models import CommitteePosition
from core.notifications.models import Notification
from tests.core.meetings.conftest import published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant


def _move_to(meeting: Meeting, days_ago: int) -> Meeting:
    """To 09:00–11:00 local time `days_ago` days back: "now minus N days" plus two hours would end on the next day
    when the test runs after 22:00 local time (a meeting of yesterday evening ending today is not forgotten yet)."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_default_timezone())
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    meeting.refresh_from_db()
    return meeting


def test_forgotten_meetings_are_reminded_once_to_secretary_and_scheduler(tree, alpha):
    today = timezone.localdate()
    with in_tenant(alpha):
        forgotten = _move_to(published_meeting(tree), days_ago=2)
        marked = published_meeting(tree)
        meeting_mark_held(meeting=marked, actor=tree.users["sec_x"], now=marked.starts_at)
        _move_to(marked, days_ago=2)
        _move_to(published_meeting(tree), days_ago=20)  # too old to nag about
        published_meeting(tree, starts_in=dt.timedelta(days=3))  # still ahead
        committee_seat_add(
            unit=tree.c1, member=tree.members["Y"][0], position=CommitteePosition.SECRETARY,
            actor=tree.users["admin_d1"],
        )  # fmt: skip
        start = timezone.now() + dt.timedelta(days=1)
        committee = meeting_schedule(
            cell=tree.c1, kind=MeetingKind.COMMITTEE, title="Họp Ban Chấp hành", starts_at=start,
            ends_at=start + dt.timedelta(hours=2), actor=tree.users["admin_d1"],
        )  # fmt: skip
        agenda_item_add(meeting=committee, title="Đánh giá tháng", actor=tree.users["admin_d1"])
        meeting_publish(meeting=committee, actor=tree.users["admin_d1"])
        committee = _move_to(committee, days_ago=3)
        Notification.objects.all().delete()  # publishing notified the members; only reminders count below

        assert remind_unmarked(today) == 2
        to_secretary = Notification.objects.get(user=tree.users["sec_x"])
        assert to_secretary.url == f"/sinh-hoat/quan-ly/{forgotten.pk}/"
        assert "chưa được ghi nhận đã họp" in to_secretary.text and f"{forgotten.starts_at:%Y}" in to_secretary.text
        to_admin = Notification.objects.get(user=tree.users["admin_d1"])  # committee meetings have no secretary
        assert to_admin.url == f"/sinh-hoat/quan-ly/{committee.pk}/"

        assert remind_unmarked(today) == 0  # once only, however often the task runs
        assert remind_unmarked(today + dt.timedelta(days=1)) == 0
        assert Meeting.objects.get(pk=forgotten.pk).status == MeetingStatus.PUBLISHED  # a reminder, not a change


def test_daily_task_reminds_in_its_own_tenant_only(tree, alpha, beta):
    with in_tenant(alpha):
        _move_to(published_meeting(tree), days_ago=1)
        Notification.objects.all().delete()
    with in_tenant(beta):
        beta_tree = build_tree()
        _move_to(published_meeting(beta_tree), days_ago=1)
        Notification.objects.all().delete()
    with in_tenant(alpha):
        series_daily.delay(timezone.localdate().isoformat())
        assert Notification.objects.filter(user=tree.users["sec_x"]).count() == 1
    with in_tenant(beta):
        assert Notification.objects.count() == 0
