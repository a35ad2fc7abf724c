"""Celery: tenant tasks carry and keep their tenant; without one they refuse; beat fans out to ready tenants."""

from unittest import mock

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from core.accounts.tasks import purge_expired_credentials, whoami
from core.tasks import TenantRequired
from tenants.models import Tenant
from tenants.tasks import dispatch_to_ready_tenants
from tests.helpers import in_tenant


def test_task_enqueued_inside_a_tenant_runs_in_that_tenant(alpha, beta):
    with in_tenant(alpha):
        assert whoami.delay().get()["schema"] == "alpha"
    with in_tenant(beta):
        assert whoami.delay().get()["schema"] == "beta"


def test_task_enqueued_in_public_raises_instead_of_running(db):
    with pytest.raises(TenantRequired):
        whoami.delay()


def test_task_message_without_tenant_is_refused_by_the_task_itself(db):
    with pytest.raises(TenantRequired):
        whoami.apply(headers={"_schema_name": "public"}).get()


def test_beat_dispatch_reaches_every_ready_tenant_with_its_schema(alpha, beta):
    Tenant.objects.filter(pk=beta.pk).update(status="suspended")
    with mock.patch.object(app, "send_task") as send:
        count = dispatch_to_ready_tenants("core.accounts.tasks.purge_expired_credentials")
    schemas = [c.kwargs["headers"]["_schema_name"] for c in send.call_args_list]
    assert count == 1 and schemas == ["alpha"]


def test_periodic_purge_only_touches_its_own_tenant(alpha, beta):
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from core.accounts.models import ApiToken
    from core.accounts.tokens import token_issue

    for tenant in (alpha, beta):
        with in_tenant(tenant):
            user = get_user_model().objects.first()
            assert user is not None
            token, _ = token_issue(user=user)
            ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(days=1))
    with in_tenant(alpha):
        assert purge_expired_credentials.delay().get() == 1
        assert ApiToken.objects.count() == 0
    with in_tenant(beta):
        assert ApiToken.objects.count() == 1


@pytest.fixture
def real_worker(db):
    """A real Celery worker thread consuming from the in-memory broker (not eager)."""
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.task_always_eager = True


def test_real_worker_switches_to_the_messages_tenant(alpha, beta, real_worker):
    with in_tenant(alpha):
        a = whoami.delay()
    with in_tenant(beta):
        b = whoami.delay()
    assert a.get(timeout=20)["schema"] == "alpha"
    assert b.get(timeout=20)["schema"] == "beta"


def test_real_worker_refuses_a_message_without_tenant(db, real_worker):
    result = app.send_task("core.accounts.tasks.whoami")  # no tenant header: the connection is public
    with pytest.raises(TenantRequired):
        result.get(timeout=20)
