"""Console: figures as of a day with drill-down and two decimals, wave targets (behind / on track), pilots past
their end date; officers of another tenant get 404; bad parameters get a clear 400."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from core.accounts.models import AccountState, Device
from tenants.rollout.follow import (
    BEHIND,
    NOT_STARTED,
    ON_TRACK,
    UnitCounts,
    expected_share,
    overdue_pilots,
    wave_progress,
)
from tenants.rollout.models import ConsoleOfficer, RolloutUnit, RolloutWave
from tests.conftest import PASSWORD
from tests.core.stats.data import build_facts
from tests.helpers import console_login, in_tenant

PAGE = "/console/dang-bo/{}/so-lieu/ngay/"


@pytest.fixture
def facts(alpha):
    with in_tenant(alpha):
        facts = build_facts()
        AccountState.objects.filter(first_login_at__isnull=False).update(
            first_login_at=timezone.make_aware(dt.datetime(2023, 4, 2, 9))
        )
        Device.objects.update(first_seen_at=timezone.make_aware(dt.datetime(2023, 4, 2, 9)))
    wave = RolloutWave.objects.create(
        tenant=alpha, name="Đợt 1", planned_start=dt.date(2023, 1, 5), planned_end=dt.date(2023, 3, 31),
        target_installed_pct=90,
    )  # fmt: skip
    RolloutUnit.objects.create(
        tenant=alpha, unit_code="D1", unit_name="Huyện 1", wave=wave, state="pilot", pilot_end=dt.date(2023, 3, 31)
    )
    RolloutUnit.objects.create(tenant=alpha, unit_code="D2", unit_name="Huyện 2", state="live")
    return facts


@pytest.fixture
def operator(platform_client: Client) -> Client:
    console_login(platform_client, "operator", PASSWORD)
    return platform_client


def test_day_page_shows_two_decimals_drill_down_waves_and_overdue_pilots(facts, alpha, operator):
    page = operator.get(PAGE.format(alpha.pk), {"day": "2023-04-16", "decimals": "2"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đến hết ngày 16/04/2023: 3 đảng viên sử dụng" in html
    assert "3/9 đảng viên đã cài đặt = 33.33% số đảng viên" in html
    assert 'data-unit="D1"' in html and "unit=D1" in html  # drill-down link to the district
    assert 'data-testid="overdue-pilots"' in html and "31/03/2023" in html
    assert 'data-status="behind"' in html  # D1: 3 of 5 installed = 60% < the 90% target
    district = operator.get(PAGE.format(alpha.pk), {"day": "2023-04-16", "unit": "D1", "decimals": "0"})
    assert 'data-unit="C1"' in district.content.decode() and "= 60% số đảng viên" in district.content.decode()
    before = operator.get(PAGE.format(alpha.pk), {"day": "2023-04-01"}).content.decode()
    assert "Đến hết ngày 01/04/2023: 0 đảng viên sử dụng" in before


def test_bad_parameters_get_a_clear_400(facts, alpha, operator):
    for params in ({"day": "2023-13-01"}, {"decimals": "5"}, {"from": "2023-05", "to": "2023-01"}):
        response = operator.get(PAGE.format(alpha.pk), params)
        assert response.status_code == 400 and "Tham số không hợp lệ" in response.content.decode()


def test_officer_of_another_tenant_gets_404(facts, alpha, beta, platform_client):
    user = User.objects.create_user("can_bo_beta_ngay", password=PASSWORD)
    ConsoleOfficer.objects.create(user=user, tenant=beta)
    console_login(platform_client, "can_bo_beta_ngay", PASSWORD)
    assert platform_client.get(PAGE.format(alpha.pk)).status_code == 404
    assert platform_client.get(PAGE.format(beta.pk)).status_code == 200


def test_tenant_hosts_do_not_serve_the_console_page(facts, alpha, alpha_client):
    assert alpha_client.get(PAGE.format(alpha.pk)).status_code == 404


def test_wave_targets_are_prorated_over_the_planned_period(alpha):
    start, end = dt.date(2023, 1, 1), dt.date(2023, 1, 11)
    wave = RolloutWave(pk=1, tenant=alpha, name="W", planned_start=start, planned_end=end, target_installed_pct=80)
    assert expected_share(wave, dt.date(2022, 12, 31)) is None
    assert str(expected_share(wave, dt.date(2023, 1, 6))) == "40.00"
    assert str(expected_share(wave, dt.date(2023, 2, 1))) == "80.00"
    units = [RolloutUnit(tenant=alpha, unit_code="A", wave_id=1), RolloutUnit(tenant=alpha, unit_code="B", wave_id=1)]
    counts = {"A": UnitCounts(100, 50), "B": UnitCounts(100, 30)}
    (line,) = wave_progress([wave], units, counts, dt.date(2023, 1, 6))
    assert (line.members, line.installed, str(line.installed_pct), line.status) == (200, 80, "40.00", ON_TRACK)
    (late,) = wave_progress([wave], units, counts, dt.date(2023, 3, 1))
    assert late.status == BEHIND
    (early,) = wave_progress([wave], units, counts, dt.date(2022, 12, 1))
    assert early.status == NOT_STARTED


def test_only_pilots_past_their_end_date_are_overdue(alpha):
    day = dt.date(2023, 9, 1)
    units = [
        RolloutUnit(tenant=alpha, unit_code="P", state="pilot", pilot_end=dt.date(2023, 8, 31)),
        RolloutUnit(tenant=alpha, unit_code="E", state="extended", pilot_end=dt.date(2023, 12, 31)),
        RolloutUnit(tenant=alpha, unit_code="L", state="live", pilot_end=dt.date(2023, 3, 31)),
        RolloutUnit(tenant=alpha, unit_code="X", state="extended", pilot_end=dt.date(2023, 8, 1)),
    ]
    assert [u.unit_code for u in overdue_pilots(units, day)] == ["P", "X"]
