"""Adoption and meeting figures on the tenant host (/so-lieu/): the same definitions as the console down to the
cell, within the viewer's scope, with exports."""

import csv
import io
import re

import pytest

from core.accounts.adoption import adoption_figures
from core.stats.adoption_live import adoption_children
from core.stats.services import adoption_refresh
from core.stats.unit_figures import unit_adoption
from tests.conftest import PASSWORD
from tests.core.stats.data import EXPECTED_MARCH, MARCH, build_facts
from tests.helpers import in_tenant, web_login


@pytest.fixture
def facts(alpha):
    with in_tenant(alpha):
        facts = build_facts()
        adoption_refresh(MARCH)
        yield facts


@pytest.mark.parametrize("code", ["ROOT", "D1", "C1", "D2"])
def test_children_figures_equal_the_definition_child_by_child(facts, code):
    unit = next(u for u in vars(facts.tree).values() if getattr(u, "code", None) == code)
    children = adoption_children(unit, MARCH)
    assert [c.code for c, _f in children] == sorted(c.code for c in unit.children.all())
    for child, figures in children:
        assert figures == adoption_figures(child, MARCH), child.code


def test_the_root_reads_the_stored_rows_and_a_commune_is_live(facts):
    root = unit_adoption(facts.tree.root, MARCH)
    assert not root.live and root.total is not None
    d1 = next(r for r in root.children if r.unit.code == "D1")
    members, issued, installed, ever, active, accesses, *_rest = EXPECTED_MARCH["D1"]
    assert (d1.members, d1.accounts_issued, d1.installed, d1.logged_in_ever, d1.active_month, d1.accesses_month) == (
        members,
        issued,
        installed,
        ever,
        active,
        accesses,
    )
    commune = unit_adoption(facts.tree.c1, MARCH)
    assert commune.live and [r.unit.code for r in commune.children] == ["X", "Y"]
    last = commune.series[-1][1]
    assert len(commune.series) == 12 and last is not None and commune.total is not None
    assert last.members == commune.total.members


def test_page_and_exports_within_scope(facts, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    page = alpha_client.get("/so-lieu/?month=2026-03").content.decode()  # default: the top unit of the scope
    assert "Số liệu sử dụng — Đảng bộ huyện Yên Mô" in page and 'data-unit="C1"' in page
    assert 'data-testid="adoption-chart"' in page and 'data-testid="meeting-total"' in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    # SVG numbers are locale-free: "12.5", never the Vietnamese decimal comma "12,5" (which an SVG reads as two)
    number = r"-?[0-9]+(\.[0-9]+)?"
    single = re.findall(r'\s(?:x|y|cx|cy)="([^"]*)"', svg) + re.findall(r'<rect[^>]*?\s(?:width|height)="([^"]*)"', svg)
    assert single and all(re.fullmatch(number, v) for v in single), single
    points = re.findall(r'\spoints="([^"]*)"', svg)
    assert points and all(re.fullmatch(f"{number},{number}", p) for line in points for p in line.split()), points
    cell = alpha_client.get("/so-lieu/?unit=X&month=2026-03").content.decode()
    assert "Chi bộ thôn Đông" in cell
    assert alpha_client.get("/so-lieu/?unit=D2").status_code == 404
    assert alpha_client.get("/so-lieu/so-lieu.csv?unit=ROOT").status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(alpha_client.get("/so-lieu/so-lieu.csv?unit=D1&month=2026-03").content.decode("utf-8-sig"))
        )
    )
    total = next(r for r in rows if len(r) > 1 and r[1].startswith("Toàn đơn vị"))
    assert int(total[3]) == EXPECTED_MARCH["D1"][0]
    assert alpha_client.get("/so-lieu/?month=2026-13").status_code == 200  # a bad month is said, not a crash
    web_login(alpha_client, "sec_x", PASSWORD)  # a cell secretary sees their cell
    assert "Chi bộ thôn Đông" in alpha_client.get("/so-lieu/").content.decode()
    web_login(alpha_client, "dv_x", PASSWORD)
    assert alpha_client.get("/so-lieu/").status_code == 404
