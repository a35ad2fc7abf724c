"""API requests per minute per tenant (429 with Retry-After, per tenant), the in-process meter (no query per
request, flushed arithmetic), daily levels, the nightly storage reconciliation and the 24-month retention."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from billing_free import meter
from billing_free.metering import active_members, storage_reconcile, usage_prune, usage_snapshot
from billing_free.models import DailyUsage, TenantUsage
from billing_free.tasks import usage_flush, usage_hourly
from billing_free.throttling import TenantPlanThrottle
from core.accounts.models import DailyAccess
from core.content.storage import object_key, put
from core.members.models import Member
from tenants.rollout.models import RolloutUnit
from tests.billing_free.conftest import small_plan
from tests.core.meetings.test_pages_and_api import _auth
from tests.helpers import in_tenant


def test_api_requests_past_the_plan_get_429_with_retry_after(alpha, beta, tree, alpha_client, beta_client):
    auth = _auth(alpha_client, "dv_x")  # the token request counts too
    small_plan(alpha, api_per_minute=3)
    answers = [alpha_client.get("/api/v1/meetings/next/", **auth) for _ in range(5)]
    codes = [a.status_code for a in answers]
    assert codes[:2] == [200, 200] and codes[-1] == 429, codes
    refused = answers[-1]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
    # another tenant's budget is its own
    assert beta_client.get("/api/v1/meetings/next/").status_code in (401, 403)


def test_the_throttle_costs_no_query_once_the_plan_is_cached(alpha, tree, alpha_client):
    auth = _auth(alpha_client, "dv_x")
    alpha_client.get("/api/v1/meetings/next/", **auth)
    throttle = TenantPlanThrottle()
    with in_tenant(alpha), CaptureQueriesContext(connection) as queries:
        assert throttle.allow_request(None, None)  # type: ignore[arg-type]
    assert len(queries) == 0


def test_requests_are_metered_in_process_and_flushed_as_daily_sums(alpha, beta):
    today = timezone.localdate()
    meter.discard()
    for _ in range(7):
        meter.count("alpha", "api_requests")
    meter.count("alpha", "notifications_sent", 40)
    meter.count("beta", "api_requests", 2)
    assert meter.pending("alpha", "api_requests", today) == 7
    assert usage_flush() == 2
    assert meter.pending("alpha", "api_requests", today) == 0
    meter.count("alpha", "api_requests", 3)
    meter.flush()
    row = DailyUsage.objects.get(tenant=alpha, day=today)
    assert (row.api_requests, row.notifications_sent) == (10, 40)
    assert DailyUsage.objects.get(tenant=beta, day=today).api_requests == 2


def test_daily_levels_of_a_tenant(alpha, tree):
    today = timezone.localdate()
    RolloutUnit.objects.create(tenant=alpha, unit_code="D2", unit_name="Kim Sơn", state="live")
    RolloutUnit.objects.create(tenant=alpha, unit_code="D1", unit_name="Yên Mô", state="pilot")
    TenantUsage.objects.filter(tenant=alpha).update(storage_bytes=1234)
    with in_tenant(alpha):
        Member.objects.filter(pk=tree.members["Z"][0].pk).update(status="deceased")  # gone: not counted
        DailyAccess.objects.create(user=tree.users["member_x"], day=today - dt.timedelta(days=3), count=2)
    meter.count("alpha", "api_requests", 5)
    meter.flush()
    row = usage_snapshot(alpha)
    assert (row.members, row.active_members, row.live_units, row.storage_bytes) == (6, 1, 1, 1234)
    assert row.api_requests == 5  # the snapshot keeps the counters
    assert active_members("alpha", today + dt.timedelta(days=40)) == 0  # older than 30 days
    assert usage_snapshot(alpha).pk == row.pk  # one row a day


def test_hourly_task_writes_a_row_for_every_ready_tenant(alpha, beta):
    assert usage_hourly() >= 2
    assert DailyUsage.objects.filter(tenant__in=[alpha, beta], day=timezone.localdate()).count() == 2


def test_nightly_reconciliation_counts_the_stored_files(alpha, beta, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    put(object_key("alpha", "meetings", "a.pdf"), b"x" * 300)  # through the private store (ADR 0024)
    put(object_key("alpha", "library", "b.pdf"), b"x" * 200)
    put(object_key("alpha", "imports", "1-c.csv"), b"x" * 50)
    put(object_key("beta", "meetings", "d.pdf"), b"x" * 9999)  # another tenant's file
    TenantUsage.objects.filter(tenant=alpha).update(storage_bytes=999)  # drifted
    usage = storage_reconcile(alpha)
    assert usage.storage_bytes == 550 and usage.reconcile_drift == 449 and usage.reconciled_at is not None


def test_daily_rows_are_kept_24_months(alpha):
    today = dt.date(2026, 12, 3)
    for day in (dt.date(2024, 11, 30), dt.date(2024, 12, 1), dt.date(2026, 12, 1)):
        DailyUsage.objects.create(tenant=alpha, day=day)
    assert usage_prune(today) == 1
    assert sorted(DailyUsage.objects.filter(tenant=alpha).values_list("day", flat=True)) == [
        dt.date(2024, 12, 1),
        dt.date(2026, 12, 1),
    ]


@pytest.mark.parametrize("field", ["members", "bogus"])
def test_the_meter_counts_only_its_fields(field):
    with pytest.raises(ValueError, match=field):
        meter.count("alpha", field)
