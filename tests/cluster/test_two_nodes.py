"""Two web nodes, one database, one Redis, one bucket (ADR 0025; the figures are `make bench ARGS=cluster`'s):
what one node does, the other sees — sessions, API tokens, stored files, a new committee, a suspension."""

import hashlib
import os

from core.content.storage import StoredObject
from core.library.models import Attachment
from tenants.models import Tenant
from tenants.provisioning.services import tenant_resume, tenant_suspend
from tests.cluster.conftest import SLUG, Cluster
from tests.cluster_nodes import Browser, api_token, seconds_until
from tests.conftest import PASSWORD
from tests.helpers import in_tenant

WAIT = 20.0  # seconds: a bound for an eventual outcome, not a speed target (TTL is 1 s here)


def _served(cluster: Cluster, node_name: str) -> bool:
    node = cluster.a if node_name == "a" else cluster.b
    return Browser(cluster.host).get(node, "/dang-nhap/").status_code == 200


def test_a_committee_provisioned_after_the_nodes_started_is_served_by_both(cluster, db):
    assert seconds_until(lambda: _served(cluster, "a") and _served(cluster, "b"), WAIT) is not None
    assert Browser(f"khong-co.{cluster.host.split('.', 1)[1]}").get(cluster.b, "/dang-nhap/").status_code == 404


def test_a_session_and_a_token_made_on_one_node_work_on_the_other(cluster, db):
    seconds_until(lambda: _served(cluster, "a") and _served(cluster, "b"), WAIT)
    browser = Browser(cluster.host)
    browser.login(cluster.a, "pub_cluster", PASSWORD)
    assert browser.get(cluster.b, "/").status_code == 200
    assert browser.get(cluster.b, "/api/v1/documents/").status_code == 200  # the session, through node B
    assert Browser(cluster.host).get(cluster.b, "/api/v1/documents/").status_code in (401, 403)  # no session
    token = api_token(cluster.a, cluster.host, "pub_cluster", PASSWORD)
    answer = browser.session.get(cluster.b.url("/api/v1/documents/"),
                                 headers={"Host": cluster.host, "Authorization": f"Bearer {token}"})  # fmt: skip
    assert answer.status_code == 200 and answer.json()["results"] == []


def test_a_file_uploaded_through_one_node_downloads_through_the_other(cluster, db):
    seconds_until(lambda: _served(cluster, "a") and _served(cluster, "b"), WAIT)
    browser = Browser(cluster.host)
    browser.login(cluster.a, "pub_cluster", PASSWORD)
    created = browser.post(cluster.a, "/van-ban/quan-ly/moi/", {
        "unit": str(cluster.root_id), "audience": "all", "level": "province", "kind": "guidance",
        "number": "01-HD/HAIMAY", "title": "Hướng dẫn hai máy", "summary": "", "body": "",
    })  # fmt: skip
    assert created.status_code == 302, created.text[:300]
    doc_url = created.headers["Location"]
    data = b"%PDF-1.4\n" + os.urandom(256 * 1024)
    sent = browser.post(cluster.a, doc_url + "tep/", {}, files={"file": ("hai-may.pdf", data, "application/pdf")})
    assert sent.status_code == 302
    assert browser.post(cluster.a, doc_url + "phat-hanh/", {}).status_code == 302
    with in_tenant(Tenant.objects.get(schema_name=SLUG)):
        attachment = Attachment.objects.get(document__number="01-HD/HAIMAY")
    assert StoredObject(f"{SLUG}/library/{attachment.stored_name}").size() == len(data)  # in the shared bucket
    url = f"/van-ban/{attachment.document_id}/tep/{attachment.pk}/"
    got = browser.get(cluster.b, url)
    assert got.status_code == 200 and hashlib.sha256(got.content).digest() == hashlib.sha256(data).digest()
    other = Browser(cluster.host)  # not signed in: the file is not served by URL alone, on either node
    assert [other.get(node, url).status_code for node in (cluster.a, cluster.b)] == [302, 302]


def test_a_suspension_is_seen_by_the_other_node(cluster, db):
    assert seconds_until(lambda: _served(cluster, "a") and _served(cluster, "b"), WAIT) is not None
    tenant = Tenant.objects.get(schema_name=cluster.host.split(".", 1)[0])
    tenant_suspend(tenant=tenant, actor="tests", reason="hai máy")
    try:
        # each node's workers keep their routing map for up to the TTL: both refuse within the wait
        assert seconds_until(lambda: not _served(cluster, "b") and not _served(cluster, "a"), WAIT) is not None
    finally:
        tenant_resume(tenant=Tenant.objects.get(pk=tenant.pk), actor="tests")
    assert seconds_until(lambda: _served(cluster, "a") and _served(cluster, "b"), WAIT) is not None
