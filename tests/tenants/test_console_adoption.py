"""Console adoption pages: cross-tenant overview from snapshots, per-tenant table, trend chart, CSV/XLSX,
printable report; officers see only their own tenant."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from core.stats.models import AdoptionMonthly
from core.stats.services import adoption_refresh
from tenants.models import Tenant
from tenants.rollout.models import AdoptionSnapshot, ConsoleOfficer, RolloutUnit, RolloutWave
from tenants.rollout.overview import adoption_overview_snapshot
from tenants.rollout.tasks import overview_snapshot
from tests.conftest import PASSWORD
from tests.core.stats.data import MARCH, build_facts
from tests.helpers import console_login, in_tenant

PAGE = "/console/dang-bo/{}/so-lieu/"


@pytest.fixture
def figures(alpha):
    """alpha: facts refreshed for Feb and March 2026 and the current month; D1 in pilot, D2 live."""
    with in_tenant(alpha):
        build_facts()
        for month in (dt.date(2026, 2, 1), MARCH, timezone.localdate().replace(day=1)):
            adoption_refresh(month)
    wave = RolloutWave.objects.create(
        tenant=alpha, name="Đợt 1", planned_start=dt.date(2026, 1, 5), planned_end=dt.date(2026, 4, 30)
    )
    RolloutUnit.objects.create(tenant=alpha, unit_code="D1", unit_name="Đảng bộ huyện Yên Mô", wave=wave, state="pilot")
    RolloutUnit.objects.create(tenant=alpha, unit_code="D2", unit_name="Đảng bộ huyện Kim Sơn", state="live")
    return alpha


@pytest.fixture
def officer_client(platform_client: Client, beta: Tenant) -> Client:
    user = User.objects.create_user("can_bo_beta", password=PASSWORD)
    ConsoleOfficer.objects.create(user=user, tenant=beta)
    console_login(platform_client, "can_bo_beta", PASSWORD)
    return platform_client


def test_overview_snapshot_task_reads_each_tenant_root(figures, beta):
    old = AdoptionSnapshot.objects.create(
        tenant=figures, taken_at=timezone.now() - dt.timedelta(days=2), month=MARCH, members=1
    )
    recent = AdoptionSnapshot.objects.create(
        tenant=figures, taken_at=timezone.now() - dt.timedelta(hours=2), month=MARCH, members=1
    )
    assert overview_snapshot.delay().get() == 2
    snap = AdoptionSnapshot.objects.filter(tenant=figures).latest()
    assert (snap.members, snap.installed, snap.logged_in_ever) == (9, 3, 3)
    assert snap.month == timezone.localdate().replace(day=1)
    assert snap.units_by_state["pilot"] == 1 and snap.units_by_state["live"] == 1
    assert snap.units_by_state["not_started"] == 0
    assert not AdoptionSnapshot.objects.filter(pk=old.pk).exists()  # older than a day
    assert AdoptionSnapshot.objects.filter(pk=recent.pk).exists()
    beta_snap = AdoptionSnapshot.objects.get(tenant=beta)
    assert beta_snap.members == 0 and beta_snap.units_by_state == dict.fromkeys(beta_snap.units_by_state, 0)


def test_overview_skips_tenants_that_are_not_ready(figures, beta):
    Tenant.objects.filter(pk=beta.pk).update(status="suspended")
    assert adoption_overview_snapshot() == 1
    assert not AdoptionSnapshot.objects.filter(tenant=beta).exists()


def test_operator_overview_lists_every_tenant(figures, operator_client):
    adoption_overview_snapshot()
    page = operator_client.get("/console/tong-quan/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đảng bộ tỉnh Alpha" in html and "Đảng bộ thành phố Beta" in html
    assert "33,3%" in html and "cập nhật lúc" in html  # installed 3 of 9 members (Vietnamese decimal comma)
    assert "Thí điểm: 1" in html and "Triển khai chính thức: 1" in html


def test_officer_sees_only_their_tenant(figures, officer_client, beta):
    adoption_overview_snapshot()
    html = officer_client.get("/console/tong-quan/").content.decode()
    assert "Đảng bộ thành phố Beta" in html and "Đảng bộ tỉnh Alpha" not in html
    assert officer_client.get(PAGE.format(figures.pk)).status_code == 404
    assert officer_client.get(PAGE.format(figures.pk) + "so-lieu.csv").status_code == 404
    assert officer_client.get(PAGE.format(figures.pk) + "bao-cao/").status_code == 404
    assert officer_client.get(PAGE.format(beta.pk)).status_code == 200


def test_anonymous_is_sent_to_login(platform_client, alpha):
    assert platform_client.get("/console/tong-quan/").status_code == 302
    assert platform_client.get(PAGE.format(alpha.pk)).status_code == 302


def test_adoption_page_table_sentence_and_chart(figures, operator_client):
    page = operator_client.get(PAGE.format(figures.pk), {"month": "2026-03"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 đảng viên sử dụng = 33% số đảng viên; 33% số đảng viên đã cài đặt và đăng nhập; " in html
    assert "2 đăng nhập hằng tháng (22% số đảng viên); 8 lượt truy cập" in html
    assert 'data-unit="D1"' in html and "Thí điểm" in html and "Triển khai chính thức" in html
    assert "3 = 60,0% số đảng viên" in html  # D1 installed
    assert "2 = 40,0% số đảng viên" in html  # D1 active this month
    assert "Toàn đảng bộ" in html and "2 = 22,2% số đảng viên" in html
    assert "<svg" in html and html.count("<rect") == 12  # one bar per month
    assert "<polyline" in html and "<script" not in html.split("<svg")[1].split("</svg>")[0]


def test_bad_month_is_a_400_in_vietnamese(figures, operator_client):
    response = operator_client.get(PAGE.format(figures.pk), {"month": "2026-13"})
    assert response.status_code == 400 and "Tháng không hợp lệ" in response.content.decode()


def test_csv_export(figures, operator_client):
    response = operator_client.get(PAGE.format(figures.pk) + "so-lieu.csv", {"month": "2026-03"})
    assert response["Content-Type"].startswith("text/csv")
    assert "so-lieu-alpha-2026-03.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_code = {r[0]: r for r in rows[: rows.index([])] if r and r[0] in {"D1", "D2", "ROOT"}}  # the first table
    assert by_code["D1"][2:12] == ["Thí điểm", "5", "4", "3", "60.0", "3", "60.0", "2", "40.0", "8"]
    assert by_code["D2"][12:16] == ["1", "0", "1", "2"]
    assert by_code["ROOT"][1].startswith("Toàn đảng bộ") and by_code["ROOT"][3] == "9"
    series = {r[0]: r for r in rows if r and len(r[0]) == 7 and r[0][4] == "-"}
    assert len(series) == 12 and series["2026-03"][1:] == ["9", "3", "33.3", "2", "22.2", "8"]
    assert series["2026-02"][4:] == ["2", "22.2", "7"] and series["2025-04"][1] == ""


def test_xlsx_export(figures, operator_client):
    response = operator_client.get(PAGE.format(figures.pk) + "so-lieu.xlsx", {"month": "2026-03"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    table = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    d1 = next(r for r in table if r[0] == "D1")
    assert d1[3:12] == [5, 4, 3, 60.0, 3, 60.0, 2, 40.0, 8]
    trend = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert trend[0][0] == "Tháng" and len(trend) == 13 and trend[-1][:2] == ["2026-03", 9]


def test_printable_report_for_the_standing_committee(figures, operator_client):
    response = operator_client.get(PAGE.format(figures.pk) + "bao-cao/", {"month": "2026-03"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "css/report.css" in html and "Ban Thường vụ" in html
    assert "Đợt 1" in html and "05/01/2026 – 30/04/2026" in html and "90% số đảng viên" in html
    assert "Thí điểm" in html and "3 = 60,0% số đảng viên" in html and "<svg" in html


def test_page_reads_only_aggregates(figures, operator_client, django_assert_max_num_queries):
    with in_tenant(figures):
        assert AdoptionMonthly.objects.count() >= 6
    with django_assert_max_num_queries(12):
        assert operator_client.get(PAGE.format(figures.pk), {"month": "2026-03"}).status_code == 200
