"""Both pilots replayed at a small scale through the same code path as the full replay (`manage.py replay_pilots`):
the figures the console shows on the reports' days hold the reports' shares, and the as-of-day figures agree
with the raw rows."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from core.accounts.models import AccountState, DailyAccess, Device
from core.audit.models import AuditEvent
from core.demo.replay import (
    HANOI_DAY,
    HANOI_INSTALLED,
    HANOI_MEMBERS,
    YENMO_DAY,
    YENMO_MONTHS,
    replay_hanoi,
    replay_yenmo,
    share,
)
from core.imports.models import ImportJob, ImportKind, ImportStatus
from core.members.models import Member, MemberStatus
from core.org.models import OrgUnit
from core.stats.day_figures import activity_average, day_table, pct0, pct2
from core.stats.models import AdoptionMonthly
from core.stats.presentation import day_sentence
from tests.helpers import in_tenant


def _end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def test_percentages_round_half_up_with_the_reports_decimals():
    assert pct2(HANOI_INSTALLED, HANOI_MEMBERS) == "92.30%"
    assert pct0(7_881, 8_125) == "97%" and pct0(7_800, 8_125) == "96%"
    assert pct2(1, 8) == "12.50%" and pct0(1, 8) == "13%" and pct2(0, 0) == "0.00%"
    assert share(10, [1, 1, 1]) == [4, 3, 3] and sum(share(436_459, [9_457] * 47)) == 436_459


@pytest.fixture
def hanoi(alpha):
    with in_tenant(alpha):
        admin = User.objects.get(username="admin")
        result = replay_hanoi(actor=admin, scale=0.01)
        yield result


def test_hanoi_on_16_april_shows_the_reported_share_installed(alpha, hanoi):
    with in_tenant(alpha):
        root = OrgUnit.objects.get(depth=0)
        table = day_table(root, HANOI_DAY)
        expected = round(hanoi.members * HANOI_INSTALLED / HANOI_MEMBERS)
        assert table.total.members == hanoi.members == Member.objects.count()
        assert table.total.installed == expected == hanoi.expected["installed"]
        assert table.total.pct(table.total.installed, decimals=2) == "92.30%"
        assert hanoi.accounts == hanoi.members  # every account issued by the one bulk job
        assert "92.30% số đảng viên" in day_sentence(table.total, 2)
        raw = Device.objects.filter(first_seen_at__lt=_end(HANOI_DAY)).values("user_id").distinct().count()
        assert raw == expected  # the as-of-day figure is the raw rows' count


def test_hanoi_members_came_through_the_import_jobs_one_file_per_committee(alpha, hanoi):
    with in_tenant(alpha):
        jobs = ImportJob.objects.filter(kind=ImportKind.MEMBERS)
        committees = OrgUnit.objects.filter(depth=1).count()
        assert jobs.count() == committees > 1
        assert set(jobs.values_list("status", flat=True)) == {ImportStatus.DONE}
        assert sum(jobs.values_list("inserted", flat=True)) == hanoi.members == Member.objects.count()
        assert sum(jobs.values_list("rejected", flat=True)) == 0
        admin = User.objects.get(username="admin")
        assert set(jobs.values_list("created_by", flat=True)) == {admin.pk}
        assert AuditEvent.objects.filter(action="imports.members").count() == committees


def test_hanoi_long_bien_is_fully_installed_by_the_end_of_january(alpha, hanoi):
    with in_tenant(alpha):
        root = OrgUnit.objects.get(depth=0)
        january = {r.unit.name: r for r in day_table(root, dt.date(2023, 1, 31)).children}
        long_bien = january["Quận uỷ Long Biên"]
        assert long_bien.members > 0 and long_bien.installed == long_bien.members
        before = day_table(root, dt.date(2023, 1, 2)).total
        assert before.installed == 0 and before.logged_in_ever == 0
        last = day_table(root, HANOI_DAY).children[-1]  # the last committee never started
        assert last.installed == 0 and last.logged_in_ever == 0
        april = AdoptionMonthly.objects.get(unit=root, month=dt.date(2023, 4, 1))
        assert april.installed == hanoi.expected["installed"]  # the monthly rows were refreshed as well


def test_yenmo_on_15_august_reads_as_the_seed_states(alpha):
    with in_tenant(alpha):
        result = replay_yenmo(actor=User.objects.get(username="admin"), scale=0.1)
        unit = OrgUnit.objects.get(depth=1)
        row = day_table(unit, YENMO_DAY).total
        assert row.members == result.members
        assert row.logged_in_ever == result.expected["ever"] and row.pct(row.logged_in_ever, decimals=0) == "97%"
        assert row.installed_and_logged_in == result.expected["both"]
        assert row.pct(row.installed_and_logged_in, decimals=0) == "96%"
        ever_raw = AccountState.objects.filter(first_login_at__lt=_end(YENMO_DAY)).count()
        assert ever_raw == row.logged_in_ever
        activity = activity_average(unit, YENMO_MONTHS[0], YENMO_MONTHS[-1])
        assert activity is not None and activity.months == 8
        assert activity.active_per_month == result.expected["active"] == round(5_413 * row.members / 8_125)
        assert activity.accesses_per_month == result.expected["accesses"]
        for month in YENMO_MONTHS:  # every month exactly, not only on average
            rows = DailyAccess.objects.filter(day__gte=month, day__lt=(month + dt.timedelta(days=32)).replace(day=1))
            assert rows.values("user_id").distinct().count() == result.expected["active"]
        non_users = row.no_smartphone + row.exempt_elderly_sick + row.working_away
        assert non_users == row.non_users == result.expected["non_users"] and row.other_non_users == 0
        assert row.no_smartphone > row.exempt_elderly_sick > row.working_away > 0  # the seed's 120 / 80 / 44
        assert Member.objects.filter(status=MemberStatus.WORKING_AWAY).count() == row.working_away
        text = day_sentence(row, 0, activity)
        assert (
            text.startswith("Đến hết ngày 15/08/2023: ") and "= 97% số đảng viên; 96% số đảng viên đã cài đặt" in text
        )
