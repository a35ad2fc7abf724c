"""tenants/routing.py's HostMap on its own, with a clock we move by hand (written for the survivors of
`make mutation ARGS=routing`): what a route carries, when the map is trusted, when a miss reloads it."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import routing
from tenants.models import Domain, Tenant
from tenants.routing import MISS_RELOAD_INTERVAL, HostMap
from tests.conftest import host


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch, settings) -> Clock:
    settings.TENANT_ROUTING_TTL = 60
    fake = Clock()
    monkeypatch.setattr(routing, "time", SimpleNamespace(monotonic=fake.monotonic))
    return fake


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return len(ctx.captured_queries)


def test_a_route_carries_the_tenant_s_id_schema_status_and_second_factor_rule(alpha, clock):
    Tenant.objects.filter(pk=alpha.pk).update(require_two_factor=True)
    route = HostMap().resolve(host("alpha"))
    assert route is not None
    tenant = route.tenant
    assert (tenant.pk, tenant.schema_name, tenant.require_two_factor) == (alpha.pk, "alpha", True)
    assert route.routable and route.status == alpha.status
    assert HostMap().resolve(host("beta")).tenant.require_two_factor is False  # type: ignore[union-attr]


def test_the_map_is_trusted_for_exactly_the_ttl(alpha, clock):
    hosts = HostMap()
    assert _queries(lambda: hosts.resolve(host("alpha"))) == 1  # first use loads
    clock.now += 60  # exactly the TTL: still trusted
    assert _queries(lambda: hosts.resolve(host("alpha"))) == 0
    clock.now += 0.5
    assert _queries(lambda: hosts.resolve(host("alpha"))) == 1
    hosts.invalidate()
    assert _queries(lambda: hosts.resolve(host("alpha"))) == 1  # invalidated: loaded again at once


def test_an_unknown_host_reloads_after_a_second_and_finds_a_domain_added_elsewhere(alpha, clock):
    """A custom domain added by another process (no invalidation here) is found by the first miss after
    MISS_RELOAD_INTERVAL, not before; a known host never triggers a miss reload."""
    hosts = HostMap()
    hosts.resolve(host("alpha"))
    Domain.objects.create(domain="dangbo-alpha.vn", tenant=alpha, is_primary=False)
    clock.now += MISS_RELOAD_INTERVAL  # exactly one second: not yet
    assert _queries(lambda: hosts.resolve(host("alpha"))) == 0
    assert _queries(lambda: hosts.resolve("dangbo-alpha.vn")) == 0
    assert hosts.resolve("dangbo-alpha.vn") is None
    clock.now += 0.5
    assert _queries(lambda: hosts.resolve(host("alpha"))) == 0  # known: no reload for a hit
    route = hosts.resolve("dangbo-alpha.vn")
    assert route is not None and route.tenant.pk == alpha.pk


def test_a_reload_already_done_by_another_thread_is_not_repeated(alpha, clock):
    hosts = HostMap()
    hosts.resolve(host("alpha"))  # loaded at clock.now
    assert _queries(lambda: hosts._reload(clock.now)) == 0  # a thread that waited for the lock at that instant
    assert _queries(lambda: hosts._reload(clock.now + 1)) == 1
