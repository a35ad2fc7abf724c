"""Two gunicorn nodes against the committed test database, one Redis and one bucket (tests/cluster_nodes.py),
serving a committee `clustert` that the module provisions after the nodes started and drops at the end.

Like the backup tests, `db` is overridden: the tests run outside the per-test transaction, because the nodes
(other processes) only see committed rows.
"""

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from tests.cluster_nodes import Node
from tests.conftest import PASSWORD, TEST_BUCKET
from tests.object_storage import SeaweedS3
from tests.redis_server import RedisServer
from tests.tenants.backup.world import remove_committees

SLUG = "clustert"
TTL = "1"  # the nodes' TENANT_ROUTING_TTL: short, so the test waits little


@dataclass
class Cluster:
    a: Node
    b: Node
    host: str
    root_id: int


def _test_database_url() -> str:
    parsed = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(parsed._replace(path="/" + str(connection.settings_dict["NAME"])))


def _provision() -> int:
    from django.contrib.auth.models import User

    from core.access.models import Role, RoleGrant
    from core.org.models import OrgKind, OrgUnit
    from core.org.services import org_unit_create
    from tenants.db.schema import activate_public, activate_tenant
    from tenants.provisioning.services import tenant_provision, tenant_request

    tenant = tenant_request(
        slug=SLUG, name="Đảng bộ hai máy", admin_email="a@clustert.vn", actor="tests", enqueue=False
    )
    activate_tenant(tenant_provision(tenant_id=tenant.pk, actor="tests"))
    try:
        root = OrgUnit.objects.filter(kind=OrgKind.ROOT).first() or org_unit_create(
            code="ROOT", name="Đảng bộ hai máy", kind=OrgKind.ROOT, parent=None
        )
        publisher = User.objects.create_user("pub_cluster", password=PASSWORD)
        RoleGrant.objects.create(user=publisher, role=Role.PUBLISHER, unit=root)
        return int(root.pk)
    finally:
        activate_public()


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, seaweed: SeaweedS3, tmp_path_factory) -> Iterator[Cluster]:
    work: Path = tmp_path_factory.mktemp("cluster")
    folder = f"cluster-{uuid.uuid4().hex[:12]}"
    try:  # the shared cache of a real deployment; without Debian's redis-server each node caches alone
        redis: RedisServer | None = RedisServer(work).start()
    except FileNotFoundError:
        redis = None
    env = dict(os.environ, DATABASE_URL=_test_database_url(), DJANGO_SETTINGS_MODULE="config.settings.test",
               REDIS_URL=redis.url if redis else "", TENANT_ROUTING_TTL=TTL, DB_CONN_MAX_AGE="0", S3_LOCATION=folder,
               PLATFORM_DOMAIN=settings.PLATFORM_DOMAIN, **seaweed.environment(TEST_BUCKET))  # fmt: skip
    nodes: list[Node] = []
    private = seaweed.storage_settings(TEST_BUCKET, folder)
    with override_settings(STORAGES={**settings.STORAGES, "private": private}), django_db_blocker.unblock():
        assert str(connection.settings_dict["NAME"]).startswith("test_"), "refusing to commit into a real database"
        remove_committees([SLUG])
        try:
            nodes = [Node(name, env, workers=1, threads=2, log=work / f"node-{name}.log").start() for name in "ab"]
            root_id = _provision()  # after the nodes started: a new committee, as far as they know
            yield Cluster(a=nodes[0], b=nodes[1], host=f"{SLUG}.{settings.PLATFORM_DOMAIN}", root_id=root_id)
        finally:
            for node in nodes:
                node.stop()
            if redis is not None:
                redis.stop()
            remove_committees([SLUG])


@pytest.fixture
def db(cluster: Cluster, django_db_blocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield
