"""billing_free across tenants: an officer (console) or an admin (tenant host) of one tenant never sees another
tenant's usage or statement; the metering tasks name each tenant and count only its rows."""

import datetime as dt

from billing_free.metering import storage_reconcile, usage_snapshot
from billing_free.models import DailyUsage, TenantUsage
from core.content.storage import object_key, put
from tests.billing_free.conftest import officer_client, tree  # noqa: F401 - fixtures
from tests.conftest import PASSWORD
from tests.helpers import web_login

BASE = "/console/dang-bo/{}/goi-dich-vu/"
PAGES = ("", "sao-ke/", "sao-ke/sao-ke.csv", "sao-ke/in/")


def test_an_officer_of_beta_never_sees_alphas_usage_or_statement(alpha, beta, officer_client):  # noqa: F811
    DailyUsage.objects.create(tenant=alpha, day=dt.date(2026, 11, 3), members=4242, api_requests=777)
    for page in PAGES:
        assert officer_client.get(BASE.format(alpha.pk) + page).status_code == 404
        assert officer_client.get(BASE.format(beta.pk) + page).status_code == 200
    overview = officer_client.get("/console/goi-dich-vu/").content.decode()
    assert "Đảng bộ thành phố Beta" in overview and "Đảng bộ tỉnh Alpha" not in overview
    beta_csv = officer_client.get(BASE.format(beta.pk) + "sao-ke/sao-ke.csv?month=2026-11").content.decode("utf-8-sig")
    assert "4242" not in beta_csv and "777" not in beta_csv


def test_a_beta_admin_sees_only_beta_on_its_host_and_nothing_on_alphas(alpha, beta, alpha_client, beta_client):
    DailyUsage.objects.create(tenant=alpha, day=dt.date(2026, 11, 3), members=4242, api_requests=777)
    web_login(beta_client, "admin", PASSWORD)
    page = beta_client.get("/goi-dich-vu/sao-ke/?month=2026-11").content.decode()
    assert "Đảng bộ tỉnh Alpha" not in page and "4.242" not in page and "777" not in page
    export = beta_client.get("/goi-dich-vu/sao-ke/sao-ke.csv?month=2026-11").content.decode("utf-8-sig")
    assert "Beta" in export and "4242" not in export
    # beta's session cookie replayed on alpha's host is anonymous there: the login page, never alpha's figures
    alpha_client.cookies["sessionid"] = beta_client.cookies["sessionid"].value
    replay = alpha_client.get("/goi-dich-vu/sao-ke/?month=2026-11")
    assert replay.status_code == 302 and "/dang-nhap/" in replay["Location"]


def test_snapshots_and_reconciliation_count_only_their_tenant(alpha, beta, tree, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path)
    put(object_key("beta", "library", "x.pdf"), b"x" * 700)  # through the private store (ADR 0024)
    assert usage_snapshot(beta).members == 0  # alpha's tree is in alpha's schema only
    assert usage_snapshot(alpha).members == 7
    assert storage_reconcile(alpha).storage_bytes == 0
    assert storage_reconcile(beta).storage_bytes == 700
    assert TenantUsage.objects.get(tenant=alpha).storage_bytes == 0
