"""Pre-aggregated adoption figures: exact counts from raw rows, equal to adoption_figures(), roll-up to the root,
month boundaries, idempotent refresh, the periodic task and its beat entry."""

import datetime as dt

import pytest
from django.conf import settings

from core.accounts.adoption import adoption_figures
from core.accounts.models import DailyAccess, Device
from core.org.models import OrgUnit
from core.org.services import org_unit_create
from core.stats.models import AdoptionMonthly
from core.stats.services import adoption_refresh, adoption_refresh_recent
from core.stats.tasks import refresh_recent_adoption
from core.tasks import TenantRequired
from tests.core.stats.data import EXPECTED_MARCH, MARCH, as_tuple, build_facts
from tests.helpers import in_tenant


@pytest.fixture
def facts(alpha):
    with in_tenant(alpha):
        yield build_facts()


def _rows(month: dt.date) -> dict[str, AdoptionMonthly]:
    return {r.unit.code: r for r in AdoptionMonthly.objects.filter(month=month).select_related("unit")}


def test_refresh_counts_exactly_what_the_raw_rows_say(facts):
    assert adoption_refresh(MARCH) == 3  # root + the two depth-1 units, not the commune or the cells
    rows = _rows(MARCH)
    assert {code: as_tuple(row) for code, row in rows.items()} == EXPECTED_MARCH
    d1 = rows["D1"]
    assert (d1.accounts_issued_pct, d1.installed_pct, d1.logged_in_ever_pct, d1.active_month_pct) == (
        80.0,
        60.0,
        60.0,
        40.0,
    )
    root = rows["ROOT"]
    assert (root.installed_pct, root.active_month_pct, root.non_users, root.non_users_pct) == (33.3, 22.2, 6, 66.7)


def test_refresh_equals_adoption_figures_for_every_unit_and_month(facts):
    for month in (dt.date(2026, 2, 1), MARCH, dt.date(2026, 4, 1), dt.date(2025, 12, 1)):
        adoption_refresh(month)
        for code, row in _rows(month).items():
            assert row.to_figures() == adoption_figures(OrgUnit.objects.get(code=code), month), (code, month)


def test_root_is_the_roll_up_of_its_units(facts):
    adoption_refresh(MARCH)
    rows = _rows(MARCH)
    for i in range(len(EXPECTED_MARCH["ROOT"])):
        assert as_tuple(rows["ROOT"])[i] == as_tuple(rows["D1"])[i] + as_tuple(rows["D2"])[i]


def test_month_boundaries_first_and_last_day(facts):
    adoption_refresh(dt.date(2026, 2, 1))
    adoption_refresh(dt.date(2026, 4, 1))
    feb, apr = _rows(dt.date(2026, 2, 1))["D1"], _rows(dt.date(2026, 4, 1))["D1"]
    assert (feb.active_month, feb.accesses_month) == (2, 7)  # m0 28 Feb ×5, m1 28 Feb ×2
    assert (apr.active_month, apr.accesses_month) == (1, 9)  # m0 1 Apr ×9
    assert feb.installed == apr.installed == 3  # installs and first logins are not per month


def test_refresh_updates_in_place_and_covers_empty_units(facts):
    adoption_refresh(MARCH)
    first = _rows(MARCH)["D2"].refreshed_at
    org_unit_create(code="D3", name="Đảng bộ khối mới", kind="bloc", parent=facts.tree.root)
    user = facts.members["m1"].user
    DailyAccess.objects.create(user=user, day=dt.date(2026, 3, 10), count=6)
    Device.objects.filter(user=facts.members["m3"].user).delete()
    assert adoption_refresh(MARCH) == 4
    rows = _rows(MARCH)
    assert AdoptionMonthly.objects.filter(month=MARCH).count() == 4
    assert as_tuple(rows["D3"]) == (0,) * 10 and rows["D3"].installed_pct == 0.0
    assert (rows["D1"].active_month, rows["D1"].accesses_month, rows["D1"].installed) == (3, 14, 2)
    assert rows["D2"].refreshed_at >= first


def test_refresh_recent_writes_current_and_previous_month(facts):
    assert adoption_refresh_recent(dt.date(2026, 4, 17)) == 12  # 6 adoption + 6 meeting rows
    assert set(AdoptionMonthly.objects.values_list("month", flat=True)) == {MARCH, dt.date(2026, 4, 1)}
    assert adoption_refresh_recent(dt.date(2026, 1, 5)) == 12  # previous month across the year
    assert AdoptionMonthly.objects.filter(month=dt.date(2025, 12, 1)).count() == 3


def test_task_runs_in_its_tenant_and_refuses_public(alpha, beta):
    with in_tenant(alpha):
        build_facts()
        assert refresh_recent_adoption.delay().get() == 12  # adoption and meeting rows
        assert AdoptionMonthly.objects.count() == 6
    with in_tenant(beta):
        assert AdoptionMonthly.objects.count() == 0  # beta's schema was not touched
    with pytest.raises(TenantRequired):
        refresh_recent_adoption.delay()


def test_beat_runs_refresh_and_overview_every_five_minutes():
    schedule = settings.CELERY_BEAT_SCHEDULE
    refresh = next(e for e in schedule.values() if e.get("args") == ("core.stats.tasks.adoption_refresh_recent",))
    assert refresh["task"] == "tenants.tasks.dispatch_to_ready_tenants" and refresh["schedule"] == 300
    overview = next(e for e in schedule.values() if e["task"] == "tenants.rollout.tasks.adoption_overview_snapshot")
    assert overview["schedule"] == 300
    from config.celery import app

    app.loader.import_default_modules()
    assert {"core.stats.tasks.adoption_refresh_recent", "tenants.rollout.tasks.adoption_overview_snapshot"} <= set(
        app.tasks
    )


def test_backfill_command_builds_past_months(facts, alpha):
    from io import StringIO
    from unittest import mock

    from django.core.management import call_command

    out = StringIO()
    with mock.patch("django.utils.timezone.localdate", return_value=MARCH.replace(day=15)):
        call_command("adoption_refresh", tenant="alpha", months=3, stdout=out)
    assert out.getvalue().count(" rows") == 3 and f"{MARCH:%Y-%m}: 3 rows" in out.getvalue()
    with in_tenant(alpha):
        assert {code: as_tuple(row) for code, row in _rows(MARCH).items()} == EXPECTED_MARCH
        assert AdoptionMonthly.objects.values("month").distinct().count() == 3
