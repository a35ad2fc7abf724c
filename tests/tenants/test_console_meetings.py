"""The "Sinh hoạt chi bộ" section of the console adoption page and its CSV/XLSX export: stored
MeetingMonthly rows of the tenant only; officers of another tenant get a 404."""

import csv
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from core.stats.meeting_services import meeting_refresh
from tenants.models import Tenant
from tenants.rollout.models import ConsoleOfficer
from tests.conftest import PASSWORD
from tests.core.meetings.stats_data import MARCH, build_stats_facts
from tests.factories.org import build_tree
from tests.helpers import console_login, in_tenant

PAGE = "/console/dang-bo/{}/so-lieu/"


@pytest.fixture
def figures(alpha):
    with in_tenant(alpha):
        build_stats_facts(build_tree())
        meeting_refresh(MARCH)
    return alpha


@pytest.fixture
def officer_client(platform_client: Client, beta: Tenant) -> Client:
    user = User.objects.create_user("can_bo_beta", password=PASSWORD)
    ConsoleOfficer.objects.create(user=user, tenant=beta)
    console_login(platform_client, "can_bo_beta", PASSWORD)
    return platform_client


def test_page_shows_meeting_figures_by_unit(figures, operator_client):
    html = operator_client.get(PAGE.format(figures.pk), {"month": "2026-03"}).content.decode()
    section = html.split('data-testid="meeting-table"')[1].split("</table>")[0]
    assert "Sinh hoạt chi bộ" in html
    d1 = section.split("Đảng bộ huyện Yên Mô")[1].split("</tr>")[0]
    assert "<td>1/2</td><td>50,0%</td><td>2</td><td>75,0%</td><td>3</td><td>2</td>" in d1
    total = section.split("<tfoot>")[1]
    assert "<th>2/3</th><th>66,7%</th><th>3</th><th>66,7%</th><th>3</th><th>2</th>" in total
    empty = operator_client.get(PAGE.format(figures.pk), {"month": "2026-01"}).content.decode()
    assert "Chưa có số liệu sinh hoạt chi bộ cho tháng này." in empty


def test_csv_and_xlsx_exports_carry_the_meeting_table(figures, operator_client):
    response = operator_client.get(PAGE.format(figures.pk) + "so-lieu.csv", {"month": "2026-03"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    start = rows.index(["Sinh hoạt chi bộ tháng 03/2026"])
    assert rows[start + 1][:5] == [
        "Mã đơn vị",
        "Đơn vị",
        "Số chi bộ",
        "Chi bộ đã sinh hoạt",
        "Tỷ lệ chi bộ sinh hoạt (%)",
    ]
    table = {r[0]: r for r in rows[start + 2 :]}
    assert table["D1"][2:] == ["2", "1", "50.0", "2", "75.0", "3", "2"]
    assert table["ROOT"][1].startswith("Toàn đảng bộ") and table["ROOT"][2:5] == ["3", "2", "66.7"]
    response = operator_client.get(PAGE.format(figures.pk) + "so-lieu.xlsx", {"month": "2026-03"})
    sheet = load_workbook(io.BytesIO(response.content))["Sinh hoạt chi bộ"]
    d2 = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "D2")
    assert list(d2[2:]) == [1, 1, 100.0, 1, 50.0, 0, 0]


def test_other_tenants_officer_gets_404_and_sees_only_their_own(figures, officer_client, beta):
    assert officer_client.get(PAGE.format(figures.pk), {"month": "2026-03"}).status_code == 404
    assert officer_client.get(PAGE.format(figures.pk) + "so-lieu.csv", {"month": "2026-03"}).status_code == 404
    own = officer_client.get(PAGE.format(beta.pk), {"month": "2026-03"}).content.decode()
    assert "Chưa có số liệu sinh hoạt chi bộ cho tháng này." in own and "75,0%" not in own
