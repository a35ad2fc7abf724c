"""Accesses (visits), PWA installs and login facts recorded by the accounts middleware and activity module."""

import datetime as dt
from unittest import mock

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.accounts.activity import access_recorded, device_register
from core.accounts.middleware import PWA_COOKIE
from core.accounts.models import AccountState, DailyAccess, Device
from core.accounts.tokens import token_issue
from tests.conftest import PASSWORD
from tests.helpers import in_tenant, web_login


def _accesses(tenant, username="member_alpha"):
    with in_tenant(tenant):
        return sum(DailyAccess.objects.filter(user__username=username).values_list("count", flat=True))


def test_two_requests_within_30_minutes_are_one_access_and_after_30_two(alpha, alpha_client):
    web_login(alpha_client, "member_alpha", PASSWORD)  # the login request starts the first visit
    alpha_client.get("/")
    alpha_client.get("/")
    assert _accesses(alpha) == 1
    later = timezone.now() + dt.timedelta(minutes=31)
    with mock.patch("core.accounts.activity.timezone.now", return_value=later):
        alpha_client.get("/")
        alpha_client.get("/")
    assert _accesses(alpha) == 2


def test_a_visit_slides_while_requests_keep_coming(alpha):
    with in_tenant(alpha):
        user = User.objects.get(username="member_alpha")
        t0 = timezone.now()
        counted = [access_recorded(user.pk, at=t0 + dt.timedelta(minutes=m)) for m in (0, 20, 40, 60, 100, 101)]
        assert counted == [True, False, False, False, True, False]
        assert sum(DailyAccess.objects.filter(user=user).values_list("count", flat=True)) == 2


def test_only_the_first_request_of_a_visit_writes(alpha, alpha_client):
    web_login(alpha_client, "member_alpha", PASSWORD)
    with CaptureQueriesContext(connection) as queries:
        alpha_client.get("/")
    assert not [q for q in queries.captured_queries if "accounts_dailyaccess" in q["sql"]]
    with in_tenant(alpha):  # end the visit by forgetting its last request
        cache.delete(f"accounts:last-request:{User.objects.get(username='member_alpha').pk}")
    with CaptureQueriesContext(connection) as queries:
        alpha_client.get("/")
    writes = [q for q in queries.captured_queries if "accounts_dailyaccess" in q["sql"]]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0]["sql"]
    assert _accesses(alpha) == 2


def test_anonymous_requests_record_nothing(alpha, alpha_client):
    alpha_client.get("/")
    with in_tenant(alpha):
        assert not DailyAccess.objects.exists()


def test_api_token_requests_count_as_accesses(alpha, alpha_client):
    with in_tenant(alpha):
        _, raw = token_issue(user=User.objects.get(username="member_alpha"))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert alpha_client.get("/api/v1/me/", **auth).status_code == 200
    assert alpha_client.get("/api/v1/me/", **auth).status_code == 200
    assert _accesses(alpha) == 1


def test_token_login_records_login_facts_and_an_access(alpha, alpha_client):
    response = alpha_client.post("/api/v1/auth/token/", {"username": "member_alpha", "password": PASSWORD})
    assert response.status_code == 201 and response.json()["password_change_required"] is False
    with in_tenant(alpha):
        state = AccountState.objects.get(user__username="member_alpha")
        assert state.first_login_at is not None and state.last_login_at is not None
    assert _accesses(alpha) == 1


def test_installed_pwa_launch_registers_a_device_once(alpha, alpha_client):
    web_login(alpha_client, "member_alpha", PASSWORD)
    first = alpha_client.get("/?source=pwa")
    assert first.status_code == 200 and PWA_COOKIE in first.cookies
    alpha_client.get("/?source=pwa")
    with in_tenant(alpha):
        devices = list(Device.objects.filter(user__username="member_alpha"))
        assert len(devices) == 1 and devices[0].kind == "pwa"
        assert AccountState.objects.get(user__username="member_alpha").first_install_at is not None


def test_pwa_launched_before_login_is_registered_at_login(alpha, alpha_client):
    alpha_client.get("/?source=pwa")
    assert PWA_COOKIE in alpha_client.cookies
    with in_tenant(alpha):
        assert not Device.objects.exists()
    web_login(alpha_client, "member_alpha", PASSWORD)
    with in_tenant(alpha):
        assert Device.objects.filter(user__username="member_alpha", kind="pwa").count() == 1


def test_device_registration_is_idempotent_and_first_install_is_kept(alpha):
    with in_tenant(alpha):
        user = User.objects.get(username="member_alpha")
        first = device_register(user=user, kind="android", device_id="phone-0001", label="Điện thoại")
        installed_at = AccountState.objects.get(pk=user.pk).first_install_at
        again = device_register(user=user, kind="android", device_id="phone-0001", label="Điện thoại mới")
        assert first.created and not again.created and again.device.pk == first.device.pk
        assert Device.objects.get(pk=first.device.pk).label == "Điện thoại mới"
        device_register(user=user, kind="ios", device_id="ipad-0002")
        assert Device.objects.filter(user=user).count() == 2
        assert AccountState.objects.get(pk=user.pk).first_install_at == installed_at


def test_console_login_on_the_platform_host_is_unaffected(operator_client):
    """The platform schema has no members or account states: backend and middleware stay out of the way."""
    assert operator_client.get("/console/").status_code == 200
