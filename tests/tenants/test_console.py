"""Console: operators only, tenant list with status, onboarding form with progress, lifecycle actions."""

from django.contrib.auth import get_user_model

from tenants.models import PlatformAuditEvent, Tenant, TenantStatus
from tests.conftest import PASSWORD


def test_console_requires_an_operator_login(platform_client):
    response = platform_client.get("/console/")
    assert response.status_code == 302 and "/console/dang-nhap/" in response["Location"]
    get_user_model().objects.create_user("nobody", password=PASSWORD)  # a public user who is not staff
    platform_client.login(username="nobody", password=PASSWORD)
    assert platform_client.get("/console/").status_code == 302


def test_console_lists_tenants_with_status(operator_client):
    body = operator_client.get("/console/").content.decode()
    assert "Đảng bộ tỉnh Alpha" in body and "Đảng bộ thành phố Beta" in body
    assert "Đang hoạt động" in body


def test_onboarding_form_provisions_and_reports_progress(operator_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            "/console/dang-bo/moi/",
            {"name": "Đảng bộ tỉnh Ninh Bình", "slug": "ninhbinh", "admin_email": "bantochuc@ninhbinh.vn"},
        )
    assert response.status_code == 302
    tenant = Tenant.objects.get(schema_name="ninhbinh")
    progress = operator_client.get(f"/console/dang-bo/{tenant.pk}/tien-do.json").json()
    assert progress["status"] == TenantStatus.READY and progress["progress"] == 100
    detail = operator_client.get(response["Location"]).content.decode()
    assert "ninhbinh.sotay.test" in detail
    assert PlatformAuditEvent.objects.filter(actor="operator", action="tenant.requested").exists()


def test_onboarding_form_shows_vietnamese_errors_and_keeps_input(operator_client):
    response = operator_client.post(
        "/console/dang-bo/moi/",
        {"name": "Đảng bộ tỉnh Ninh Bình", "slug": "Ninh Binh", "admin_email": "không-phải-email"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "chữ thường không dấu" in body
    assert "Đảng bộ tỉnh Ninh Bình" in body  # nothing typed is lost
    duplicate = operator_client.post(
        "/console/dang-bo/moi/", {"name": "Khác", "slug": "alpha", "admin_email": "a@b.vn"}
    ).content.decode()
    assert "đã được sử dụng" in duplicate


def test_suspend_and_resume_from_the_console(operator_client, alpha):
    url = f"/console/dang-bo/{alpha.pk}/"
    operator_client.post(url + "suspend/", {"reason": "Bảo trì"})
    alpha.refresh_from_db()
    assert alpha.status == TenantStatus.SUSPENDED and alpha.status_reason == "Bảo trì"
    refused = operator_client.post(url + "suspend/", follow=True).content.decode()
    assert "Không thể chuyển" in refused
    operator_client.post(url + "resume/")
    alpha.refresh_from_db()
    assert alpha.status == TenantStatus.READY


def test_unknown_console_action_is_rejected(operator_client, alpha):
    assert operator_client.post(f"/console/dang-bo/{alpha.pk}/explode/").status_code == 400


def test_operator_admin_site_lists_tenants(operator_client):
    assert "Đảng bộ tỉnh Alpha" in operator_client.get("/console/quan-tri/tenants/tenant/").content.decode()


def test_console_navigation_and_tenant_links(operator_client, alpha):
    home = operator_client.get("/console/").content.decode()
    assert "/console/tong-quan/" in home
    assert f"/console/dang-bo/{alpha.pk}/so-lieu/" in home and f"/console/dang-bo/{alpha.pk}/trien-khai/" in home
    detail = operator_client.get(f"/console/dang-bo/{alpha.pk}/").content.decode()
    assert f"/console/dang-bo/{alpha.pk}/so-lieu/" in detail
