"""generate_demo_data: a consistent tree (paths match parents) and the requested number of members."""

from io import StringIO

from django.core.management import call_command

from core.members.models import Member
from core.members.search import fold
from core.org.models import OrgKind, OrgUnit
from tests.helpers import in_tenant


def test_generator_builds_a_consistent_tree(alpha):
    out = StringIO()
    call_command("generate_demo_data", tenant="alpha", members=260, stdout=out)
    assert "260 đảng viên" in out.getvalue()
    with in_tenant(alpha):
        cells = OrgUnit.objects.filter(kind=OrgKind.CELL)
        assert cells.count() == 11  # ceil(260 / 25)
        for unit in OrgUnit.objects.exclude(kind=OrgKind.ROOT).select_related("parent"):
            assert unit.parent is not None
            assert unit.path == f"{unit.parent.path}{unit.pk}."
            assert unit.depth == unit.parent.depth + 1
        assert Member.objects.count() == 260
        member = Member.objects.first()
        assert member is not None
        assert member.name_folded == fold(member.full_name)
        assert (
            Member.objects.filter(status="exempt").exclude(exempt_reason="").count()
            == Member.objects.filter(status="exempt").count()
        )
    # a second run adds a second, separate tree under the same root
    call_command("generate_demo_data", tenant="alpha", members=30, stdout=StringIO())
    with in_tenant(alpha):
        assert Member.objects.count() == 290
        assert Member.objects.values("party_card_number").distinct().count() == 290
