"""Monthly statements: 0 VND, usage against limits, the month's activity; as a page, CSV (the one export writer)
and a print view, on the console and on the tenant's host for its administrators."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from billing_free.models import DailyUsage, Plan, PlanChange, UsageAlert
from billing_free.statements import statement
from tests.billing_free.conftest import small_plan
from tests.conftest import PASSWORD
from tests.helpers import web_login

MONTH = dt.date(2026, 11, 1)
CONSOLE = "/console/dang-bo/{}/goi-dich-vu/sao-ke/"


@pytest.fixture
def november(alpha):
    plan = small_plan(alpha, max_members=100, notifications_per_day=1000)
    PlanChange.objects.filter(tenant=alpha).update(effective_on=dt.date(2026, 1, 1))
    PlanChange.objects.create(
        tenant=alpha, to_plan=plan, reason="Gói thử nghiệm nhỏ", effective_on=dt.date(2026, 11, 10), actor="op",
        applied_at=timezone.now(),
    )  # fmt: skip
    for day, members, api, notes in ((1, 50, 100, 10), (15, 70, 200, 900), (30, 80, 300, 20)):
        DailyUsage.objects.create(
            tenant=alpha, day=MONTH.replace(day=day), members=members, active_members=members // 2, live_units=1,
            storage_bytes=members * 1000, api_requests=api, notifications_sent=notes,
        )  # fmt: skip
    DailyUsage.objects.create(tenant=alpha, day=dt.date(2026, 12, 1), members=999, api_requests=5000)
    alert = UsageAlert.objects.create(
        tenant=alpha, resource="notifications", threshold=80, plan=plan, period="2026-11-15", used=900, limit=1000
    )
    UsageAlert.objects.filter(pk=alert.pk).update(created_at=timezone.make_aware(dt.datetime(2026, 11, 15, 9)))
    return alpha


def test_statement_arithmetic(november):
    s = statement(november, MONTH)
    assert s.amount_vnd == 0 and s.plan.code == "nho-alpha"
    assert (s.api_requests, s.notifications_sent, s.peak_notifications_day) == (600, 930, 900)
    assert (s.members_start, s.members_end, s.members_change, s.active_members_end) == (50, 80, 30, 40)
    lines = {line.resource.key: line for line in s.lines}
    assert (lines["members"].used, lines["members"].limit, lines["members"].percent) == (80, 100, 80)
    assert lines["members"].flag == "warn"
    assert (lines["notifications"].used, lines["notifications"].percent) == (900, 90)
    assert [c.reason for c in s.changes] == ["Gói thử nghiệm nhỏ"] and len(s.alerts) == 1
    assert len(s.days) == 3  # December's row is not November's


def test_plan_in_force_is_read_from_the_history(alpha):
    full = Plan.objects.get(code="tinh-thanh")
    PlanChange.objects.filter(tenant=alpha).update(effective_on=dt.date(2026, 1, 1))
    PlanChange.objects.create(
        tenant=alpha, to_plan=full, reason="x", effective_on=dt.date(2026, 12, 1), actor="op", applied_at=timezone.now()
    )
    assert statement(alpha, MONTH).plan.code == "thi-diem"  # November was still on the pilot plan


def test_console_statement_page_csv_and_print(november, operator_client):
    page = operator_client.get(CONSOLE.format(november.pk) + "?month=2026-11")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Số tiền: 0 đồng" in html and "Gói thử nghiệm nhỏ" in html and "80%" in html
    assert 'href="sao-ke.csv?month=2026-11"' in html and 'href="in/?month=2026-11"' in html
    export = operator_client.get(CONSOLE.format(november.pk) + "sao-ke.csv?month=2026-11")
    assert export["Content-Type"].startswith("text/csv") and "sao-ke-alpha-2026-11.csv" in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Sao kê sử dụng tháng 11/2026 — Đảng bộ tỉnh Alpha"
    assert rows[1] == ["Gói", "Gói nhỏ", "Số tiền (VND)", "0"]
    assert ["Đảng viên", "80", "100", "80"] in rows
    assert ["Yêu cầu API trong tháng", "600", "", ""] in rows
    assert ["30/11/2026", "80", "40", "1", "80000", "300", "20"] in rows
    printed = operator_client.get(CONSOLE.format(november.pk) + "in/?month=2026-11").content.decode()
    assert 'class="report"' in printed and "Sao kê sử dụng Sổ tay đảng viên điện tử tháng 11/2026" in printed


def test_bad_month_is_a_400_with_a_vietnamese_message(alpha, operator_client):
    for suffix in ("", "sao-ke.csv", "in/"):
        response = operator_client.get(CONSOLE.format(alpha.pk) + suffix + "?month=2026-13")
        assert response.status_code == 400 and "Tháng không hợp lệ" in response.content.decode()


def test_tenant_admin_reads_the_statement_on_the_tenant_host(november, alpha_client):
    web_login(alpha_client, "admin", PASSWORD)
    usage = alpha_client.get("/goi-dich-vu/")
    assert usage.status_code == 200 and "Gói nhỏ" in usage.content.decode()
    page = alpha_client.get("/goi-dich-vu/sao-ke/?month=2026-11").content.decode()
    assert "Số tiền: 0 đồng" in page and "Gói thử nghiệm nhỏ" in page
    export = alpha_client.get("/goi-dich-vu/sao-ke/sao-ke.csv?month=2026-11")
    assert export.status_code == 200 and "Đảng bộ tỉnh Alpha" in export.content.decode("utf-8-sig")
    assert alpha_client.get("/goi-dich-vu/sao-ke/in/?month=2026-11").status_code == 200
    assert alpha_client.get("/goi-dich-vu/sao-ke/?month=x").status_code == 400


def test_other_tenant_users_get_a_404_and_anonymous_a_login(alpha, alpha_client):
    assert alpha_client.get("/goi-dich-vu/").status_code == 302
    web_login(alpha_client, "member_alpha", PASSWORD)
    for path in ("/goi-dich-vu/", "/goi-dich-vu/sao-ke/", "/goi-dich-vu/sao-ke/sao-ke.csv", "/goi-dich-vu/sao-ke/in/"):
        assert alpha_client.get(path).status_code == 404
