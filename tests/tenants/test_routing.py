"""Host routing: tenant hosts, platform host, unknown/suspended/archived tenants, no query for routing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Tenant
from tenants.provisioning.services import tenant_archive, tenant_resume, tenant_suspend
from tenants.routing import host_map
from tests.conftest import PASSWORD, host
from tests.helpers import web_login


def test_each_tenant_host_serves_its_own_committee(alpha_client, beta_client):
    a = alpha_client.get("/")
    b = beta_client.get("/")
    assert a.status_code == 200 and b.status_code == 200
    assert "Đảng bộ tỉnh Alpha" in a.content.decode() and "Beta" not in a.content.decode()
    assert "Đảng bộ thành phố Beta" in b.content.decode() and "Alpha" not in b.content.decode()


def test_platform_host_serves_public_site_not_tenant_pages(platform_client):
    response = platform_client.get("/")
    assert response.status_code == 200
    assert "Nền tảng" in response.content.decode()
    assert platform_client.get("/dang-nhap/").status_code == 404  # tenant URLs do not exist on the platform


@pytest.mark.parametrize("hostname", ["gamma.sotay.test", "alpha.other.test.sotay.test", "alpha.sotay.test.evil.vn"])
def test_unknown_host_gets_404_page_never_public_data(db, client, hostname):
    response = client.get("/", HTTP_HOST=hostname)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy" in body
    assert "Alpha" not in body and "Beta" not in body


def test_disallowed_host_gets_404(db, client):
    response = client.get("/", HTTP_HOST="example.com")
    assert response.status_code == 404


def test_routing_costs_no_query_once_the_map_is_warm(alpha_client):
    alpha_client.get("/healthz")  # warms the host map and the connection's search_path
    with CaptureQueriesContext(connection) as ctx:
        response = alpha_client.get("/healthz")
    assert response.status_code == 200
    assert ctx.captured_queries == []


def test_same_tenant_requests_do_not_repeat_set_search_path(alpha_client):
    alpha_client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        alpha_client.get("/")
    assert not [q for q in ctx.captured_queries if "search_path" in q["sql"]]


def test_switching_tenant_issues_exactly_one_search_path(alpha_client, beta_client):
    web_login(alpha_client, "member_alpha", PASSWORD)  # signed in: the home page reads the tenant's figures
    web_login(beta_client, "member_beta", PASSWORD)
    alpha_client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        beta_client.get("/")
    assert len([q for q in ctx.captured_queries if q["sql"].startswith("SET search_path")]) == 1


def test_suspended_tenant_shows_vietnamese_page_without_data(alpha, alpha_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tenant_suspend(tenant=alpha, actor="test", reason="kiểm tra")
    response = alpha_client.get("/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "tạm ngừng hoạt động" in body
    assert alpha_client.get("/api/v1/me/").status_code == 503
    with django_capture_on_commit_callbacks(execute=True):
        tenant_resume(tenant=Tenant.objects.get(pk=alpha.pk), actor="test")
    assert alpha_client.get("/").status_code == 200


def test_archived_tenant_is_not_routable_but_keeps_its_schema(alpha, alpha_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tenant_archive(tenant=alpha, actor="test")
    assert alpha_client.get("/").status_code == 404
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = 'alpha'")
        assert cursor.fetchone() == (1,)


def test_map_change_in_another_process_is_seen_after_ttl(alpha, alpha_client, settings):
    """Without an invalidation (a change made by another process), the map is trusted only for the TTL."""
    settings.TENANT_ROUTING_TTL = 3600
    assert alpha_client.get("/").status_code == 200
    Tenant.objects.filter(pk=alpha.pk).update(status="suspended")  # as another process would
    assert alpha_client.get("/").status_code == 200  # still trusted within the TTL
    settings.TENANT_ROUTING_TTL = 0
    assert alpha_client.get("/").status_code == 503


def test_unknown_host_flood_reloads_at_most_once_a_second(db, client, settings):
    settings.TENANT_ROUTING_TTL = 3600
    client.get("/", HTTP_HOST=host("alpha"))
    with CaptureQueriesContext(connection) as ctx:
        for i in range(20):
            client.get("/", HTTP_HOST=f"x{i}.sotay.test")
    assert len(ctx.captured_queries) <= 1
    host_map.invalidate()


def test_port_and_case_are_ignored(alpha, client):
    response = client.get("/", HTTP_HOST="ALPHA.sotay.test:8000")
    assert response.status_code == 200
    assert "Alpha" in response.content.decode()
