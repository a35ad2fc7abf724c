"""Standard reports: every figure equals a count of the raw rows, for every unit of the tree; sections counting a
sensitive field are left out for viewers without its right; page, print view, CSV and XLSX agree; scope."""

import csv
import datetime as dt
import io
import random
from collections import Counter

import pytest
from openpyxl import load_workbook

from core.members.models import GONE_STATUSES, Member, MemberStatusChange, MemberTransfer
from core.members.services import member_transfer
from core.members.status import StatusInput, member_status_change
from core.org.models import OrgUnit
from core.ratings.models import MemberRating, UnitRating
from core.reports.builders import cells_report, composition, movement_report, ratings_report, unit_tallies
from core.reports.labels import label
from core.reports.refresh import tally_refresh, tally_refresh_if_stale
from tests.conftest import PASSWORD
from tests.factories.org import MemberFactory, build_tree
from tests.helpers import in_tenant, web_login

AS_OF = dt.date(2026, 6, 30)
START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def _age_band(born: dt.date) -> str:
    age = AS_OF.year - born.year - ((AS_OF.month, AS_OF.day) < (born.month, born.day))
    for band, limit in (("le30", 30), ("31_40", 40), ("41_50", 50), ("51_60", 60), ("61_70", 70)):
        if age <= limit:
            return band
    return "gt70"


@pytest.fixture
def tree(alpha):
    """The factory tree with varied profiles, members who left, ratings, movements; tallies as of AS_OF."""
    with in_tenant(alpha):
        tree = build_tree()
        rng = random.Random(13)
        for cell in (tree.x, tree.y, tree.z):
            MemberFactory.create_batch(6, cell=cell)
        for m in Member.objects.all():
            m.sex = rng.choice(["male", "female"])
            m.date_of_birth = dt.date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
            m.ethnicity = rng.choice(["01", "01", "01", "02", "06", ""])
            m.religion = rng.choice(["00", "00", "01", "02", ""])
            m.education, m.qualification = (
                rng.choice(["upper_secondary", "lower_secondary", ""]),
                rng.choice(["bachelor", "none", "master", ""]),
            )
            m.theory = rng.choice(["elementary", "intermediate", ""])
            m.status = rng.choice(["official", "official", "probationary", "exempt", "working_away", "deceased"])
            m.admitted_on = dt.date(rng.choice([1990, 2010, 2026]), rng.randint(1, 5), 1)
            m.official_on = m.admitted_on.replace(year=m.admitted_on.year + 1) if rng.random() < 0.5 else None
            m.save()
        btc = tree.users["btc"]
        a, b, c = Member.objects.filter(cell=tree.y).order_by("pk")[:3]
        Member.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(status="official")
        for row in (a, b, c):
            row.refresh_from_db()
        member_status_change(
            member=a, data=StatusInput(event="transferred_out", on=dt.date(2026, 2, 1), place="NĐ"), actor=btc
        )
        member_status_change(
            member=b,
            data=StatusInput(event="expelled", on=dt.date(2026, 3, 1), decision_number="1", decision_date=START),
            actor=btc,
        )
        member_transfer(member=c, to_cell=tree.z, actor=btc, on=dt.date(2026, 4, 1))  # leaves C1, enters D2
        for n, m in enumerate(Member.objects.filter(cell=tree.x).exclude(status__in=GONE_STATUSES)):
            MemberRating.objects.create(
                member=m,
                year=2025,
                cell=tree.x,
                proposed_level="good",
                approved_level=("excellent", "good", "done")[n % 3] if n % 4 else "",
            )
        UnitRating.objects.create(unit=tree.x, year=2025, proposed_level="good", approved_level="good")
        UnitRating.objects.create(unit=tree.y, year=2025, proposed_level="done")
        tally_refresh(AS_OF)
        tree.members = {"all": list(Member.objects.select_related("cell"))}
        yield tree


def _raw(unit: OrgUnit) -> list[Member]:
    return [m for m in Member.objects.select_related("cell") if m.cell.path.startswith(unit.path)]


def _section(report, key: str) -> dict[str, int]:
    (section,) = [s for s in report.sections if s.key == key]
    return {row[0]: row[1] for row in section.rows}


@pytest.mark.parametrize("code", ["ROOT", "D1", "C1", "X", "Y", "D2", "Z"])
def test_composition_equals_the_raw_rows(tree, code):
    unit = OrgUnit.objects.get(code=code)
    active = [m for m in _raw(unit) if m.status not in GONE_STATUSES]
    report = composition(tree.users["btc"], unit)
    assert _section(report, "total") != {} and next(iter(_section(report, "total").values())) == len(active)
    expected = {
        "sex": Counter(m.sex for m in active),
        "age": Counter(_age_band(m.date_of_birth) for m in active),
        "ethnicity": Counter(m.ethnicity for m in active),
        "religion": Counter(m.religion for m in active),
        "education": Counter(m.education for m in active),
        "qualification": Counter(m.qualification for m in active),
        "theory": Counter(m.theory for m in active),
        "status": Counter(m.status for m in active),
    }
    for dimension, counts in expected.items():
        shown = _section(report, dimension)
        assert shown.pop("Tổng") == len(active), dimension
        assert {k: v for k, v in shown.items() if v} == {label(dimension, v): n for v, n in counts.items()}, dimension


@pytest.mark.parametrize("code", ["ROOT", "D1", "C1", "Y", "D2"])
def test_movements_equal_the_raw_rows(tree, code):
    unit = OrgUnit.objects.get(code=code)
    members = _raw(unit)
    events = Counter(
        e.event
        for e in MemberStatusChange.objects.select_related("member__cell")
        if e.member.cell.path.startswith(unit.path) and START <= e.on <= END
    )
    moves = MemberTransfer.objects.select_related("from_cell", "to_cell").filter(on__gte=START, on__lte=END)
    crossing_in = sum(
        1 for t in moves if t.to_cell.path.startswith(unit.path) and not t.from_cell.path.startswith(unit.path)
    )
    crossing_out = sum(
        1 for t in moves if t.from_cell.path.startswith(unit.path) and not t.to_cell.path.startswith(unit.path)
    )
    shown = _section(movement_report(tree.users["btc"], unit, START, END), "movements")
    assert shown == {
        "Kết nạp đảng viên mới": sum(1 for m in members if START <= m.admitted_on <= END),
        "Công nhận đảng viên chính thức": sum(1 for m in members if m.official_on and START <= m.official_on <= END),
        "Chuyển sinh hoạt đến": events["transferred_in"] + (crossing_in if unit.depth else 0),
        "Chuyển sinh hoạt đi": events["transferred_out"] + (crossing_out if unit.depth else 0),
        "Từ trần": events["deceased"],
        "Khai trừ": events["expelled"],
        "Xoá tên": events["removed"],
    }


def test_the_move_between_districts_counts_out_of_one_and_into_the_other(tree):
    d1 = _section(movement_report(tree.users["btc"], tree.d1, START, END), "movements")
    d2 = _section(movement_report(tree.users["btc"], tree.d2, START, END), "movements")
    root = _section(movement_report(tree.users["btc"], tree.root, START, END), "movements")
    assert d1["Chuyển sinh hoạt đi"] == 2 and d2["Chuyển sinh hoạt đến"] == 1  # out of the province + to D2
    assert root["Chuyển sinh hoạt đi"] == 1 and root["Chuyển sinh hoạt đến"] == 0  # inside the province: neither


def test_ratings_and_cells_reports_equal_the_raw_rows(tree):
    btc = tree.users["btc"]
    report = ratings_report(btc, tree.c1, 2025)
    rows = MemberRating.objects.filter(year=2025, cell__path__startswith=tree.c1.path)
    expected = Counter(r.approved_level or "proposed" for r in rows)
    shown = _section(report, "members")
    assert shown.pop("Tổng") == rows.count()
    assert {k: v for k, v in shown.items() if v} == {label("rating", k): n for k, n in expected.items()}
    units = _section(report, "units")
    assert units["Hoàn thành tốt nhiệm vụ"] == 1 and units["Đã đề xuất, chưa duyệt"] == 1
    exempt = sum(1 for m in _raw(tree.c1) if m.status == "exempt")
    assert _section(report, "exempt") == {"Đảng viên đang miễn sinh hoạt": exempt}
    cells = cells_report(btc, tree.root)
    (section,) = [s for s in cells.sections if s.key == "cells"]
    per_cell = {code: n for code, _name, n in section.rows}
    for cell in (tree.x, tree.y, tree.z):
        assert per_cell[cell.code] == sum(1 for m in _raw(cell) if m.status not in GONE_STATUSES)
    assert sum(v for k, v in _section(cells, "sizes").items() if k != "Tổng") == 3


def test_sensitive_sections_are_left_out_for_viewers_without_the_right(tree):
    admin = tree.users["admin_d1"]
    report = composition(admin, tree.d1)
    keys = {s.key for s in report.sections}
    assert "ethnicity" not in keys and "religion" not in keys and {"sex", "theory"} <= keys
    assert report.hidden == ["Dân tộc", "Tôn giáo"]
    assert ratings_report(tree.users["member_x"], tree.x, 2025).sections == []
    assert {s.key for s in ratings_report(tree.users["sec_x"], tree.x, 2025).sections} == {"members", "exempt", "units"}


def test_a_refresh_is_a_new_generation_and_only_runs_when_something_changed(tree):
    before = unit_tallies(tree.root)["total"][""]
    assert tally_refresh_if_stale() is True  # a new day since AS_OF
    assert tally_refresh_if_stale() is False
    MemberFactory(cell=tree.x)
    assert tally_refresh_if_stale() is True
    assert unit_tallies(tree.root)["total"][""] == before + 1
    from core.reports.models import Tally, TallyState

    assert set(Tally.objects.values_list("generation", flat=True)) == {TallyState.objects.get().generation}


def test_pages_print_csv_and_xlsx_show_the_same_report(tree, alpha_client):
    web_login(alpha_client, "btc", PASSWORD)
    page = alpha_client.get("/bao-cao/thanh-phan/?unit=C1").content.decode()
    assert "Thành phần đảng viên — Đảng bộ xã Yên Phong" in page and "Dân tộc" in page
    printed = alpha_client.get("/bao-cao/thanh-phan/in/?unit=C1").content.decode()
    assert 'class="report"' in printed and "Độ tuổi" in printed
    rows = list(
        csv.reader(io.StringIO(alpha_client.get("/bao-cao/thanh-phan.csv?unit=C1").content.decode("utf-8-sig")))
    )
    total = next(r for r in rows if r and r[0].startswith("Đảng viên (không kể"))
    assert int(total[1]) == sum(1 for m in _raw(tree.c1) if m.status not in GONE_STATUSES)
    book = load_workbook(
        io.BytesIO(alpha_client.get("/bao-cao/bien-dong.xlsx?unit=ROOT&from=01/01/2026&to=30/06/2026").content)
    )
    values = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "Khai trừ" in values and "01/01/2026 – 30/06/2026" in values
    bad = alpha_client.get("/bao-cao/bien-dong/?unit=ROOT&from=31/06/2026")
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.content.decode()
    assert 'value="31/06/2026"' in bad.content.decode()  # what was typed stays in the form


def test_reports_are_scoped(tree, alpha_client):
    web_login(alpha_client, "admin_d1", PASSWORD)
    assert alpha_client.get("/bao-cao/thanh-phan/?unit=D1").status_code == 200
    assert alpha_client.get("/bao-cao/thanh-phan/?unit=D2").status_code == 404
    assert alpha_client.get("/bao-cao/thanh-phan.csv?unit=ROOT").status_code == 404
    assert alpha_client.get("/bao-cao/khong-co/?unit=D1").status_code == 404
    body = alpha_client.get("/bao-cao/thanh-phan/").content.decode()  # default: the top unit of the scope
    assert "Đảng bộ huyện Yên Mô" in body and "Không hiển thị (đồng chí không có quyền xem): Dân tộc, Tôn giáo" in body
    web_login(alpha_client, "dv_x", PASSWORD)
    assert alpha_client.get("/bao-cao/").status_code == 404


def test_a_city_wide_export_lists_child_units_instead_of_every_cell(tree, alpha_client, monkeypatch):
    from core.reports import builders

    web_login(alpha_client, "btc", PASSWORD)
    small = list(csv.reader(io.StringIO(alpha_client.get("/bao-cao/chi-bo.csv?unit=ROOT").content.decode("utf-8-sig"))))
    assert ["X", "Chi bộ thôn Đông", str(sum(1 for m in _raw(tree.x) if m.status not in GONE_STATUSES))] in small
    monkeypatch.setattr(builders, "EXPORT_CELL_LIMIT", 2)
    big = list(csv.reader(io.StringIO(alpha_client.get("/bao-cao/chi-bo.csv?unit=ROOT").content.decode("utf-8-sig"))))
    d1_members = sum(1 for m in _raw(tree.d1) if m.status not in GONE_STATUSES)
    assert ["D1", "Đảng bộ huyện Yên Mô", str(d1_members), "2"] in big
    assert next(r for r in big if r and r[0] == "D2")[:2] == ["D2", "Đảng bộ huyện Kim Sơn"]
    assert any("Đơn vị có 3 chi bộ" in r[0] for r in big if r)
