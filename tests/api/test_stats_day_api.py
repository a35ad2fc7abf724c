"""Figures as of a day (raw rows, drill-down, decimals), the day API and the rollout read API: scoped, clear 400s,
in the OpenAPI schema, and never reading another tenant's rows."""

import datetime as dt

import pytest
from django.utils import timezone

from core.accounts.models import AccountState, Device
from core.org.models import OrgUnit
from core.stats.day_figures import day_table
from core.stats.services import adoption_refresh
from tenants.rollout.models import RolloutUnit, RolloutWave
from tests.conftest import PASSWORD
from tests.core.stats.data import MARCH, build_facts
from tests.helpers import in_tenant

URL = "/api/v1/stats/adoption/day/"
ROLLOUT = "/api/v1/stats/rollout/"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def dated(alpha):
    """build_facts, dated: m0 logs in and installs on 10 Feb; m1 logs in 5 Mar, installs 20 Mar; m3 both 15 Mar."""
    with in_tenant(alpha):
        facts = build_facts()
        adoption_refresh(MARCH)
        m = facts.members
        for key, login, install in (("m0", 10, 10), ("m1", 35, 50), ("m3", 43, 43)):
            user_id = m[key].user_id
            assert user_id is not None
            first = dt.date(2026, 2, 1) + dt.timedelta(days=login - 1)
            AccountState.objects.filter(pk=user_id).update(
                first_login_at=_at(first), initial_password_issued_at=_at(first)
            )
            Device.objects.filter(user_id=user_id).update(
                first_seen_at=_at(dt.date(2026, 2, 1) + dt.timedelta(days=install - 1))
            )
        AccountState.objects.filter(pk=m["m2"].user_id).update(initial_password_issued_at=_at(dt.date(2026, 2, 1)))
        yield facts


def _auth(client, username):
    token = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.mark.parametrize(
    ("day", "issued", "installed", "ever", "both"),
    [
        (dt.date(2026, 2, 9), 1, 0, 0, 0),
        (dt.date(2026, 2, 10), 2, 1, 1, 1),
        (dt.date(2026, 3, 10), 3, 1, 2, 1),
        (dt.date(2026, 3, 31), 4, 3, 3, 3),
    ],
)
def test_day_figures_equal_the_raw_rows(alpha, dated, day, issued, installed, ever, both):
    with in_tenant(alpha):
        end = _at(day + dt.timedelta(days=1)).replace(hour=0)
        root = OrgUnit.objects.get(code="ROOT")
        row = day_table(root, day).total
        assert row.members == 9
        assert AccountState.objects.filter(initial_password_issued_at__lt=end).count() == issued == row.accounts_issued
        assert Device.objects.filter(first_seen_at__lt=end).count() == installed == row.installed
        assert AccountState.objects.filter(first_login_at__lt=end).count() == ever == row.logged_in_ever
        assert row.installed_and_logged_in == both
        assert row.no_smartphone + row.exempt_elderly_sick + row.working_away + row.other_non_users == 9 - ever


def test_api_reads_a_day_with_two_decimals_and_drills_down(dated, alpha_client):
    auth = _auth(alpha_client, "btc")
    data = alpha_client.get(URL, {"day": "2026-03-10", "decimals": "2"}, **auth).json()
    assert data["day"] == "2026-03-10" and data["total"]["unit_code"] == "ROOT"
    assert data["total"]["installed"] == {"count": 1, "pct_of_members": "11.11%"}
    assert data["total"]["logged_in_ever"] == {"count": 2, "pct_of_members": "22.22%"}
    assert [c["unit_code"] for c in data["children"]] == ["D1", "D2"]
    d1 = alpha_client.get(URL, {"day": "2026-03-10", "unit": "D1", "decimals": "0"}, **auth).json()
    assert d1["total"]["logged_in_ever"] == {"count": 2, "pct_of_members": "40%"}
    assert [c["unit_code"] for c in d1["children"]] == ["C1"]  # one level down: the commune
    cells = alpha_client.get(URL, {"day": "2026-03-10", "unit": "C1"}, **auth).json()
    assert {c["unit_code"] for c in cells["children"]} == {"X", "Y"}  # and down to the cells
    ranged = alpha_client.get(URL, {"day": "2026-03-31", "from": "2026-03", "to": "2026-03"}, **auth).json()
    assert ranged["activity"]["months"] == 1 and ranged["activity"]["active_per_month"] == 2
    assert ranged["activity"]["accesses_per_month"] == 8


def test_api_day_is_scoped_and_refuses_bad_input(dated, alpha_client):
    district = _auth(alpha_client, "admin_d1")
    assert alpha_client.get(URL, {"unit": "D2"}, **district).status_code == 404
    assert alpha_client.get(URL, **district).json()["total"]["unit_code"] == "D1"
    assert alpha_client.get(URL, **_auth(alpha_client, "nobody")).status_code == 404
    assert alpha_client.get(URL).status_code == 401
    auth = _auth(alpha_client, "btc")
    for params in ({"day": "16/04/2023"}, {"decimals": "3"}, {"from": "2026-04", "to": "2026-03"}, {"unit": "NOPE"}):
        bad = alpha_client.get(URL, params, **auth)
        assert bad.status_code == 400 and bad.json()["detail"], params


def test_another_tenant_never_sees_alphas_figures(dated, alpha_client, beta_client, beta):
    auth = _auth(alpha_client, "btc")
    assert beta_client.get(URL, **auth).status_code == 401  # alpha's token on beta's host
    assert beta_client.get(ROLLOUT, **auth).status_code == 401
    beta_admin = _auth(beta_client, "admin")  # beta's own superuser: beta has no org tree, nothing of alpha's
    assert beta_client.get(URL, {"day": "2026-03-31"}, **beta_admin).status_code == 404
    assert beta_client.get(URL, {"unit": "D1"}, **beta_admin).status_code == 400  # alpha's code is unknown here
    assert beta_client.get(ROLLOUT, **beta_admin).status_code == 404


def test_rollout_api_lists_this_tenants_units_waves_and_overdue_pilots(dated, alpha, beta, alpha_client):
    wave = RolloutWave.objects.create(
        tenant=alpha, name="Đợt 1", planned_start=dt.date(2026, 1, 5), planned_end=dt.date(2026, 2, 28),
        target_installed_pct=50,
    )  # fmt: skip
    RolloutUnit.objects.create(
        tenant=alpha, unit_code="D1", unit_name="Huyện 1", wave=wave, state="pilot", pilot_end=dt.date(2026, 2, 28)
    )
    RolloutUnit.objects.create(tenant=alpha, unit_code="D2", unit_name="Huyện 2", state="live")
    RolloutUnit.objects.create(tenant=beta, unit_code="B1", unit_name="Của beta", state="pilot")
    data = alpha_client.get(ROLLOUT, **_auth(alpha_client, "btc")).json()
    assert [u["code"] for u in data["units"]] == ["D1", "D2"]  # beta's rows never
    d1 = data["units"][0]
    assert d1["overdue"] is True and d1["wave"] == "Đợt 1" and data["units"][1]["overdue"] is False
    (w,) = data["waves"]
    assert (w["members"], w["installed"], w["installed_pct"]) == (5, 3, "60.00%")
    assert w["expected_pct"] == "50.00%" and w["status"] == "on_track"
    assert alpha_client.get(ROLLOUT, **_auth(alpha_client, "admin_d1")).status_code == 404  # not the whole tenant


def test_the_new_endpoints_are_documented(alpha_client):
    schema = alpha_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    day = schema["paths"][URL]["get"]
    assert {p["name"] for p in day["parameters"]} >= {"day", "unit", "decimals", "from", "to"}
    assert {"200", "400", "404"} <= set(day["responses"])
    assert "200" in schema["paths"][ROLLOUT]["get"]["responses"]
