"""Test harness: one test database, two tenants (`alpha`, `beta`) built once per session by the real
provisioning path (template clone), data rolled back after every test.

Tenants, their admins and a console operator are committed at session start, so the live server (browser
tests) and a real Celery worker thread can see them; everything a test writes is rolled back.
"""

import uuid
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
from tests.object_storage import SeaweedS3, start_in

PASSWORD = "mat-khau-thu-nghiem-2026"
TEST_BUCKET = "sotay-tests"
TENANTS = {"alpha": "Đảng bộ tỉnh Alpha", "beta": "Đảng bộ thành phố Beta"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last (order kept otherwise): their Chromium lives until the session ends (tests/browser)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def host(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def _build_session_tenants() -> None:
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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        # With `--reuse-db` (make mutation runs the tests hundreds of times) the tenants built by an earlier
        # session are still there, committed: build them only once.
        if not Tenant.objects.filter(schema_name__in=TENANTS).exists():
            _build_session_tenants()
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
    from tenants.rollout.gate_cache import unit_states_forget

    cache.clear()
    unit_states_forget()  # the rollout gate's per-process copy of unit states (ADR 0039)
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


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """A real S3-compatible server (SeaweedFS) for the session; started only by the tests that ask for it."""
    server = start_in(tmp_path_factory.mktemp("seaweed"))
    server.create_bucket(TEST_BUCKET)
    yield server
    server.stop()


@pytest.fixture(params=["disk", "s3"])
def private_store(request: pytest.FixtureRequest, settings, tmp_path) -> str:
    """Run the test against each backend of the private store: the local disk (a throwaway MEDIA_ROOT) and a
    fresh bucket on SeaweedFS. Returns "disk" or "s3"."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    if request.param == "s3":
        use_bucket(request.getfixturevalue("seaweed"), settings)
    return str(request.param)


@pytest.fixture
def s3_store(seaweed: SeaweedS3, settings, tmp_path) -> SeaweedS3:
    """The private store on SeaweedFS only (tests of what only a bucket does)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    use_bucket(seaweed, settings)
    return seaweed


def use_bucket(server: SeaweedS3, settings) -> None:
    """The test bucket, under a folder of its own for this test (a bucket per test would use up volumes)."""
    folder = f"t-{uuid.uuid4().hex[:16]}"
    settings.STORAGES = {**settings.STORAGES, "private": server.storage_settings(TEST_BUCKET, folder)}
