"""Monthly series: drafts generated ahead (idempotent), one month's override kept, replace and stop, reschedule
notifies members of a published meeting, the reminder on the 15th, the daily beat task per tenant, and the
secretary's schedule pages scoped to their own cells and tenant."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.access.models import Role
from core.audit.models import AuditEvent
from core.meetings.models import Meeting, MeetingSeries, MeetingStatus
from core.meetings.services.scheduling import agenda_item_add, meeting_publish, meeting_schedule
from core.meetings.services.series import (
    meeting_reschedule,
    series_materialise,
    series_remind,
    series_set,
    series_stop,
)
from core.meetings.tasks import series_daily
from core.notifications.models import Notification
from core.tasks import TenantRequired
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import give_account, published_meeting
from tests.factories.org import build_tree, user_with
from tests.helpers import in_tenant, web_login

TZ = timezone.get_default_timezone()


def _local(meeting: Meeting) -> dt.datetime:
    return meeting.starts_at.astimezone(TZ)


def _months(series: MeetingSeries) -> list[dt.date | None]:
    return list(series.meetings.order_by("series_month").values_list("series_month", flat=True))


def test_materialise_current_and_next_month_idempotent(tree, alpha):
    with in_tenant(alpha):
        series = series_set(
            cell=tree.x,
            day_of_month=5,
            start_time=dt.time(19, 30),
            duration_minutes=90,
            place="Nhà văn hóa thôn Đông",
            actor=tree.users["sec_x"],
            today=dt.date(2031, 3, 3),
        )
        assert _months(series) == [dt.date(2031, 3, 1), dt.date(2031, 4, 1)]
        march = series.meetings.get(series_month=dt.date(2031, 3, 1))
        assert _local(march) == dt.datetime(2031, 3, 5, 19, 30, tzinfo=TZ)
        assert march.ends_at - march.starts_at == dt.timedelta(minutes=90)
        assert march.status == MeetingStatus.DRAFT and march.place == "Nhà văn hóa thôn Đông"
        assert series_materialise(dt.date(2031, 3, 3)) == []
        assert series_materialise(dt.date(2031, 3, 4)) == []
        assert Meeting.objects.count() == 2
        assert AuditEvent.objects.filter(action="meeting.series_set").count() == 1


def test_past_day_of_this_month_is_not_generated(tree, alpha):
    with in_tenant(alpha):
        series = series_set(
            cell=tree.x, day_of_month=5, start_time=dt.time(8), actor=tree.users["sec_x"], today=dt.date(2031, 3, 10)
        )
        assert _months(series) == [dt.date(2031, 4, 1)]


def test_month_already_scheduled_by_hand_is_not_generated_twice(tree, alpha):
    with in_tenant(alpha):
        april = dt.datetime(2031, 4, 2, 8, tzinfo=TZ)
        meeting_schedule(
            cell=tree.x,
            title="Sinh hoạt tháng 4",
            starts_at=april,
            ends_at=april + dt.timedelta(hours=2),
            actor=tree.users["sec_x"],
        )
        series = series_set(
            cell=tree.x, day_of_month=5, start_time=dt.time(8), actor=tree.users["sec_x"], today=dt.date(2031, 3, 3)
        )
        assert _months(series) == [dt.date(2031, 3, 1)]
        assert Meeting.objects.filter(cell=tree.x).count() == 2


def test_one_month_override_is_kept_by_later_runs(tree, alpha):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        series = series_set(cell=tree.x, day_of_month=5, start_time=dt.time(8), actor=sec, today=dt.date(2031, 3, 1))
        april = series.meetings.get(series_month=dt.date(2031, 4, 1))
        moved = dt.datetime(2031, 4, 7, 14, 0, tzinfo=TZ)
        meeting_reschedule(
            meeting=april,
            starts_at=moved,
            ends_at=moved + dt.timedelta(hours=2),
            place="Trường mầm non",
            topic="Học tập nghị quyết",
            title="Sinh hoạt tháng 4",
            actor=sec,
        )
        created = series_materialise(dt.date(2031, 4, 2))
        assert [m.series_month for m in created] == [dt.date(2031, 5, 1)]
        april.refresh_from_db()
        assert _local(april) == moved and april.place == "Trường mầm non" and april.title == "Sinh hoạt tháng 4"
        assert series.meetings.count() == 3


def test_replace_series_drops_untouched_drafts_and_keeps_edited_ones(tree, alpha):
    sec = tree.users["sec_x"]
    today = dt.date(2031, 3, 1)
    with in_tenant(alpha):
        old = series_set(cell=tree.x, day_of_month=5, start_time=dt.time(8), actor=sec, today=today)
        march = old.meetings.get(series_month=dt.date(2031, 3, 1))
        agenda_item_add(meeting=march, title="Kiểm điểm", actor=sec)  # edited: it stays, as the override
        new = series_set(
            cell=tree.x, day_of_month=10, start_time=dt.time(19), place="Hội trường", actor=sec, today=today
        )
        old.refresh_from_db()
        assert old.active is False and new.active is True
        assert MeetingSeries.objects.filter(cell=tree.x, active=True).get() == new
        assert _months(new) == [dt.date(2031, 3, 1), dt.date(2031, 4, 1)]
        march.refresh_from_db()
        assert march.series == new and _local(march).day == 5  # the edited month kept its own date
        april = new.meetings.get(series_month=dt.date(2031, 4, 1))
        assert _local(april) == dt.datetime(2031, 4, 10, 19, 0, tzinfo=TZ) and april.place == "Hội trường"
        assert Meeting.objects.filter(cell=tree.x).count() == 2


def test_stop_removes_untouched_future_drafts_and_generates_nothing_more(tree, alpha):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        series = series_set(cell=tree.x, day_of_month=5, start_time=dt.time(8), actor=sec, today=dt.date(2031, 3, 1))
        march = series.meetings.get(series_month=dt.date(2031, 3, 1))
        agenda_item_add(meeting=march, title="Kiểm điểm", actor=sec)
        series_stop(series=series, actor=sec, today=dt.date(2031, 3, 1))
        assert list(Meeting.objects.filter(cell=tree.x)) == [march]
        assert series_materialise(dt.date(2031, 4, 1)) == []
        with pytest.raises(ValidationError):
            series_stop(series=series, actor=sec)


def test_series_only_by_runners_of_the_cell(tree, alpha):
    with in_tenant(alpha):
        with pytest.raises(PermissionDenied):
            series_set(cell=tree.y, day_of_month=5, start_time=dt.time(8), actor=tree.users["sec_x"])
        with pytest.raises(PermissionDenied):
            series_set(cell=tree.x, day_of_month=5, start_time=dt.time(8), actor=tree.users["member_x"])
        with pytest.raises(ValidationError):
            series_set(cell=tree.x, day_of_month=31, start_time=dt.time(8), actor=tree.users["sec_x"])
        series = series_set(cell=tree.y, day_of_month=5, start_time=dt.time(8), actor=tree.users["admin_d1"])
        with pytest.raises(PermissionDenied):
            series_stop(series=series, actor=tree.users["sec_x"])
        assert not MeetingSeries.objects.filter(cell=tree.x).exists()


def test_reschedule_published_meeting_notifies_members(tree, alpha):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        meeting = published_meeting(tree, starts_in=dt.timedelta(days=3))
        other = give_account(tree.members["X"][1], "dv_x2")
        give_account(tree.members["Y"][0], "dv_y")
        before = Notification.objects.count()
        start = timezone.now() + dt.timedelta(days=4)
        meeting_reschedule(
            meeting=meeting,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="Hội trường xã",
            title=meeting.title,
            actor=sec,
        )
        notes = Notification.objects.order_by("pk")[before:]
        assert {n.user_id for n in notes} == {tree.users["member_x"].pk, other.pk}
        assert all("Thay đổi lịch sinh hoạt" in n.text and "Hội trường xã" in n.text for n in notes)
        event = AuditEvent.objects.filter(action="meeting.rescheduled").get()
        assert event.changes["place"] == {"from": "", "to": "Hội trường xã"} and event.changes["notified"] == 2
        # a draft changes quietly; a held meeting cannot be moved; nobody else may move it
        draft = Meeting.objects.create(
            cell=tree.x, title="Nháp", starts_at=start, ends_at=start + dt.timedelta(hours=1)
        )
        count = Notification.objects.count()
        meeting_reschedule(meeting=draft, starts_at=start, ends_at=start + dt.timedelta(hours=2), actor=sec)
        assert Notification.objects.count() == count
        with pytest.raises(PermissionDenied):
            meeting_reschedule(meeting=draft, starts_at=start, ends_at=start, actor=tree.users["member_x"])
        with pytest.raises(ValidationError):
            meeting_reschedule(meeting=draft, starts_at=start, ends_at=start - dt.timedelta(hours=1), actor=sec)
        Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
        with pytest.raises(ValidationError):
            meeting_reschedule(meeting=meeting, starts_at=start, ends_at=start + dt.timedelta(hours=1), actor=sec)


def test_reminder_on_the_15th_to_the_cells_secretaries(tree, alpha):
    sec = tree.users["sec_x"]
    with in_tenant(alpha):
        series_set(cell=tree.x, day_of_month=3, start_time=dt.time(8), actor=sec, today=dt.date(2031, 3, 10))
        y_series = series_set(
            cell=tree.y, day_of_month=3, start_time=dt.time(8), actor=tree.users["admin_d1"], today=dt.date(2031, 3, 10)
        )
        y_april = y_series.meetings.get(series_month=dt.date(2031, 4, 1))
        assert series_remind(dt.date(2031, 3, 14)) == 0
        assert series_remind(dt.date(2031, 3, 15)) == 1  # Y has no secretary; admin_d1 is not reminded
        note = Notification.objects.get(user=sec)
        assert "04/2031" in note.text and "trước ngày 20" in note.text
        assert note.url == f"/sinh-hoat/quan-ly/{Meeting.objects.get(cell=tree.x, series_month='2031-04-01').pk}/"
        assert series_remind(dt.date(2031, 3, 15)) == 0  # once only
        assert not Notification.objects.filter(user=tree.users["admin_d1"]).exists()
        # published in time: no reminder
        april = Meeting.objects.get(cell=tree.x, series_month=dt.date(2031, 4, 1))
        agenda_item_add(meeting=april, title="Nội dung", actor=sec)
        meeting_publish(meeting=april, actor=sec)
        Notification.objects.all().delete()
        assert series_remind(dt.date(2031, 3, 15)) == 0
        assert y_april.status == MeetingStatus.DRAFT


def test_daily_task_runs_in_its_tenant_only(tree, alpha, beta):
    with in_tenant(alpha):
        series_set(
            cell=tree.x, day_of_month=3, start_time=dt.time(8), actor=tree.users["sec_x"], today=dt.date(2031, 3, 1)
        )
        Meeting.objects.all().delete()
    with in_tenant(beta):
        beta_tree = build_tree()
        series_set(
            cell=beta_tree.x,
            day_of_month=3,
            start_time=dt.time(8),
            actor=beta_tree.users["sec_x"],
            today=dt.date(2031, 3, 1),
        )
        Meeting.objects.all().delete()
    with in_tenant(alpha):
        series_daily.delay("2031-03-15")
        assert Meeting.objects.count() == 1  # April (March 3rd is past on the 15th)
        assert Notification.objects.filter(user=tree.users["sec_x"]).count() == 1
    with in_tenant(beta):
        assert Meeting.objects.count() == 0 and Notification.objects.count() == 0
    with pytest.raises(TenantRequired):
        series_daily.delay("2031-03-15")
    beat = settings.CELERY_BEAT_SCHEDULE["meetings-series-daily"]
    assert beat["task"] == "tenants.tasks.dispatch_to_ready_tenants"
    assert beat["args"] == ("core.meetings.tasks.series_daily",)


def test_schedule_pages_scoped_to_own_cells_and_tenant(tree, alpha, beta, alpha_client, beta_client):
    with in_tenant(alpha):
        y_series = series_set(cell=tree.y, day_of_month=5, start_time=dt.time(8), actor=tree.users["admin_d1"])
        y_meeting = published_meeting(tree, cell=tree.y, starts_in=dt.timedelta(days=2))
        x_meeting = published_meeting(tree, starts_in=dt.timedelta(days=2))
    web_login(alpha_client, "sec_x", PASSWORD)
    page = alpha_client.get("/sinh-hoat/quan-ly/").content.decode()
    assert "Lịch định kỳ hằng tháng" in page and "Chi bộ thôn Đông" in page
    assert "Chi bộ thôn Đoài" not in page
    form = {"cell": "X", "day_of_month": "4", "start_time": "19:30", "duration_minutes": "120", "place": "Nhà văn hóa"}
    assert alpha_client.post("/sinh-hoat/quan-ly/lich-dinh-ky/", form).status_code == 302
    assert alpha_client.post("/sinh-hoat/quan-ly/lich-dinh-ky/", {**form, "cell": "Y"}).status_code == 404
    assert alpha_client.post(f"/sinh-hoat/quan-ly/lich-dinh-ky/{y_series.pk}/dung/").status_code == 404
    start = (timezone.localtime() + dt.timedelta(days=5)).replace(second=0, microsecond=0)
    move = {
        "lich-title": "Dời lịch",
        "lich-topic": "",
        "lich-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "lich-ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "lich-place": "Sân đình",
    }
    assert alpha_client.post(f"/sinh-hoat/quan-ly/{y_meeting.pk}/doi-lich/", move).status_code == 404
    assert alpha_client.post(f"/sinh-hoat/quan-ly/{x_meeting.pk}/doi-lich/", move).status_code == 302
    detail = alpha_client.get(f"/sinh-hoat/quan-ly/{x_meeting.pk}/").content.decode()
    assert "Sửa lịch buổi sinh hoạt" in detail and "Sân đình" in detail
    with in_tenant(beta):
        build_tree()
    web_login(beta_client, "sec_x", PASSWORD)
    assert beta_client.post(f"/sinh-hoat/quan-ly/{x_meeting.pk}/doi-lich/", move).status_code == 404
    assert beta_client.post("/sinh-hoat/quan-ly/lich-dinh-ky/", {**form, "place": "Beta"}).status_code == 302
    with in_tenant(alpha):
        x_meeting.refresh_from_db()
        assert x_meeting.title == "Dời lịch" and x_meeting.place == "Sân đình"
        assert MeetingSeries.objects.get(cell=tree.x, active=True).place == "Nhà văn hóa"
        assert MeetingSeries.objects.get(cell=tree.y).active is True
    with in_tenant(beta):
        assert MeetingSeries.objects.get(active=True).place == "Beta"
        assert not Meeting.objects.filter(title="Dời lịch").exists()


def test_daily_run_works_in_batches_and_yields_to_a_concurrent_run(tree, alpha, monkeypatch):
    """Three series in batches of two; another process creates one month between our read and our insert:
    the batch falls back to one insert per month, skips that month and creates every other one once."""
    from core.meetings.services import series as series_module

    with in_tenant(alpha):
        z_admin = user_with("admin_d2", (Role.COMMITTEE_ADMIN, tree.d2))
        created = [
            series_set(cell=cell, day_of_month=5, start_time=dt.time(8), actor=actor, today=dt.date(2031, 3, 1))
            for cell, actor in ((tree.x, tree.users["admin_d1"]), (tree.y, tree.users["admin_d1"]), (tree.z, z_admin))
        ]
        Meeting.objects.filter(series_month=dt.date(2031, 4, 1)).delete()  # April not generated yet
        monkeypatch.setattr(series_module, "BATCH", 2)
        real_hand_scheduled = series_module._hand_scheduled

        def racing(series_list, months):
            if tree.z.pk in {s.cell_id for s in series_list} and not aprils.filter(cell=tree.z).exists():
                # the other run inserts Z's April between our read of existing months and our insert
                z_series = created[2]
                start, end = series_module.series_times(z_series, dt.date(2031, 4, 1))
                Meeting.objects.create(
                    cell=tree.z, title="Từ lần chạy khác", starts_at=start, ends_at=end,
                    series=z_series, series_month=dt.date(2031, 4, 1),
                )  # fmt: skip
            return real_hand_scheduled(series_list, months)

        aprils = Meeting.objects.filter(series_month=dt.date(2031, 4, 1))
        monkeypatch.setattr(series_module, "_hand_scheduled", racing)
        made = series_materialise(dt.date(2031, 3, 2))
        assert sorted(m.cell_id for m in made) == sorted([tree.x.pk, tree.y.pk])
        assert sorted(aprils.values_list("cell_id", flat=True)) == sorted([tree.x.pk, tree.y.pk, tree.z.pk])
        assert aprils.get(cell=tree.z).title == "Từ lần chạy khác"
        assert series_materialise(dt.date(2031, 3, 2)) == []
