"""Test harness: one test database, two tenants (`alpha`, `beta`) built once per session by the real
provisioning path (template clone), data rolled back after every test.

Tenants, their admins and a console operator are committed at session start, so the live server (browser
tests) and a real Celery worker thread can see them; everything a test writes is rolled back.
"""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection as db_connection
from django.test import Client

from tenants.db.schema import activate_public, activate_tenant
from tenants.models import Tenant
from tenants.provisioning.services import tenant_provision, tenant_request
from tenants.routing import host_map
from tests.helpers import console_login

PASSWORD = "mat-khau-thu-nghiem-2026"
TENANTS = {"alpha": "Đảng bộ tỉnh Alpha", "beta": "Đảng bộ thành phố Beta"}


def host(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        call_command("migrate_tenants", processes=1, verbosity=0, stdout=StringIO())
        user_model = get_user_model()
        for slug, name in TENANTS.items():
            tenant = tenant_request(slug=slug, name=name, admin_email=f"admin@{slug}.vn", actor="tests", enqueue=False)
            tenant_provision(tenant_id=tenant.pk, actor="tests")
            activate_tenant(Tenant.objects.get(pk=tenant.pk))
            admin = user_model.objects.get(email=f"admin@{slug}.vn")
            admin.set_password(PASSWORD)
            admin.save()
            user_model.objects.create_user(f"member_{slug}", password=PASSWORD)
            activate_public()
        user_model.objects.create_superuser("operator", "operator@sotay.test", PASSWORD)
        host_map.invalidate()
    yield
    # Worker and live-server threads keep their own connections; end them so the test DB can be dropped.
    with django_db_blocker.unblock(), db_connection.cursor() as cursor:  # type: ignore[attr-defined]
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _reset_tenancy_state() -> Iterator[None]:
    yield
    activate_public()
    host_map.invalidate()
    from django.core.cache import cache

    from billing_free import meter
    from billing_free.plans import forget_plans

    cache.clear()
    forget_plans()  # plan rows a test changed are rolled back
    meter.discard()


@pytest.fixture
def alpha(db: None) -> Tenant:
    return Tenant.objects.get(schema_name="alpha")


@pytest.fixture
def beta(db: None) -> Tenant:
    return Tenant.objects.get(schema_name="beta")


@pytest.fixture
def alpha_client(alpha: Tenant) -> Client:
    return Client(HTTP_HOST=host("alpha"))


@pytest.fixture
def beta_client(beta: Tenant) -> Client:
    return Client(HTTP_HOST=host("beta"))


@pytest.fixture
def platform_client(db: None) -> Client:
    return Client(HTTP_HOST=settings.PLATFORM_DOMAIN)


@pytest.fixture
def operator_client(platform_client: Client) -> Client:
    console_login(platform_client, "operator", PASSWORD)  # password and second factor
    return platform_client
