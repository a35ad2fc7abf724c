"""Query counts of a signed-in member's everyday requests (issue 12: `make bench ARGS=load`), pinned: the home
page, the next-meeting page and the next-meeting API, on their second request (caches warm), with the rollout
gate active. No statement loads the session or asks the gate; the counts do not grow with the meeting's size.
A change that adds a query here must say why (and update the figure)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.meetings.services.scheduling import agenda_item_add
from tenants.rollout.models import RolloutUnit, UnitState
from tests.conftest import PASSWORD
from tests.core.meetings.conftest import published_meeting
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login

pytestmark = pytest.mark.django_db

# Statements per warm request (the view's own; session and gate read from the caches).
EXPECTED = {"/": 11, "/sinh-hoat/": 16, "/api/v1/meetings/next/": 8}
FORBIDDEN = ("django_session", "rollout_rolloutunit", "has_grant")


@pytest.fixture
def world(alpha):
    RolloutUnit.objects.create(tenant=alpha, unit_code="D1", unit_name="D1", state=UnitState.LIVE)
    with in_tenant(alpha):
        tree = build_tree()
        meeting = published_meeting(tree, items=1)
    return tree, meeting


def _clients(alpha_client: Client) -> dict[str, Client]:
    web_login(alpha_client, "dv_x", PASSWORD)
    token = alpha_client.post("/api/v1/auth/token/", {"username": "dv_x", "password": PASSWORD}).json()["token"]
    api = Client(HTTP_HOST=alpha_client.defaults["HTTP_HOST"], HTTP_AUTHORIZATION=f"Bearer {token}")
    return {"/": alpha_client, "/sinh-hoat/": alpha_client, "/api/v1/meetings/next/": api}


def _warm_sql(client: Client, path: str) -> list[str]:
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SET search_path")]


@pytest.mark.parametrize("path", list(EXPECTED))
def test_a_members_warm_request_runs_a_pinned_number_of_queries(world, alpha_client, path):
    sql = _warm_sql(_clients(alpha_client)[path], path)
    assert not [s for s in sql if any(word in s for word in FORBIDDEN)], sql
    assert len(sql) == EXPECTED[path], "\n".join(sql)


@pytest.mark.parametrize("path", ["/sinh-hoat/", "/api/v1/meetings/next/"])
def test_the_count_does_not_grow_with_the_agenda(alpha, world, alpha_client, path):
    tree, meeting = world
    client = _clients(alpha_client)[path]
    few = _warm_sql(client, path)
    with in_tenant(alpha):
        for n in range(5):
            agenda_item_add(meeting=meeting, title=f"Thêm {n}", actor=tree.users["sec_x"])
    assert len(_warm_sql(client, path)) == len(few)
