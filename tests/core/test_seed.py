"""The demo seed of `make run`: a provisioned tenant with a tree, members and scoped demo logins."""

from io import StringIO

from django.core.management import call_command

from core.access.checks import scope_paths
from core.access.permissions import MEMBERS_VIEW
from core.members.models import Member
from core.org.models import OrgUnit
from tenants.models import Tenant
from tests.helpers import in_tenant


def test_seed_demo_creates_a_ready_tenant_with_scoped_logins(db):
    out = StringIO()
    call_command("seed_demo", only=["ninhbinh"], stdout=out)
    assert "336 đảng viên" in out.getvalue() and "bithu" in out.getvalue()
    tenant = Tenant.objects.get(schema_name="ninhbinh")
    assert tenant.status == "ready"
    with in_tenant(tenant):
        from django.contrib.auth.models import User

        assert OrgUnit.objects.get(kind="root").name == "Đảng bộ tỉnh Ninh Bình"
        assert Member.objects.count() == 336
        bithu = User.objects.get(username="bithu")
        (cell_path,) = scope_paths(bithu, MEMBERS_VIEW)
        assert Member.objects.filter(cell__path__startswith=cell_path).count() == 12
        assert Member.objects.get(user__username="dangvien").cell.path == cell_path
    call_command("seed_demo", only=["ninhbinh"], stdout=StringIO())  # idempotent
    with in_tenant(tenant):
        assert Member.objects.count() == 336


def test_the_documented_sample_files_import_into_the_demo_tenant(db):
    from pathlib import Path

    samples = Path(__file__).resolve().parents[2] / "docs" / "guides" / "samples"
    call_command("seed_demo", only=["hanoi"], stdout=StringIO())
    out = StringIO()
    call_command("import_org", str(samples / "org.csv"), tenant="hanoi", stdout=out)
    call_command("import_members", str(samples / "members.csv"), tenant="hanoi", stdout=out)
    tenant = Tenant.objects.get(schema_name="hanoi")
    with in_tenant(tenant):
        assert Member.objects.filter(party_card_number="01000123", full_name="Nguyễn Văn An").exists()
        parent = OrgUnit.objects.get(code="BD").parent
        assert parent is not None and parent.code == "HN"
