"""Demo content for one tenant: a small org tree, a few hundred members, an admin and a member login.

Runs inside the tenant's schema (the caller sets it). Idempotent: a tenant that already has an org root
is left as it is.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from core.accounts.services import TENANT_ADMIN_GROUP
from core.demo.names import member_facts, place
from core.members.models import Member
from core.org.models import OrgKind, OrgUnit
from core.org.services import org_unit_create

DEMO_PASSWORD = "SoTay@2026"
ADMIN_USERNAME = "quantri"
MEMBER_USERNAME = "dangvien"


@dataclass(frozen=True)
class DemoSpec:
    slug: str
    root_name: str
    units: Sequence[tuple[str, str]]  # (kind, name) directly under the root
    grassroots_per_unit: int = 2
    cells_per_grassroots: int = 2
    members_per_cell: int = 10
    root_code: str = "ROOT"  # the docs' sample files use HN / NB, so they import into the demo tenants


def _member_rows(rng: random.Random, cell: OrgUnit, n: int, serial: int, prefix: str) -> list[Member]:
    return [Member(party_card_number=f"{prefix}{serial + i:07d}", cell=cell, **member_facts(rng)) for i in range(n)]


@transaction.atomic
def seed_tenant(spec: DemoSpec) -> dict[str, int]:
    if OrgUnit.objects.filter(kind=OrgKind.ROOT).exists():
        return {"members": Member.objects.count()}
    rng = random.Random(spec.slug)
    prefix = {"ninhbinh": "37", "hanoi": "01"}.get(spec.slug, "99")
    root = org_unit_create(
        code=spec.root_code, name=spec.root_name, kind=OrgKind.ROOT, parent=None, valid_from=dt.date(2020, 1, 1)
    )
    members: list[Member] = []
    serial = 1
    for u, (kind, unit_name) in enumerate(spec.units, start=1):
        unit = org_unit_create(code=f"U{u:02d}", name=unit_name, kind=kind, parent=root, valid_from=dt.date(2020, 1, 1))
        for g in range(1, spec.grassroots_per_unit + 1):
            grassroots = org_unit_create(
                code=f"U{u:02d}G{g:02d}",
                name=f"Đảng bộ {place(rng)} ({unit_name})",
                kind=OrgKind.GRASSROOTS,
                parent=unit,
                valid_from=dt.date(2020, 1, 1),
            )
            for c in range(1, spec.cells_per_grassroots + 1):
                cell = org_unit_create(
                    code=f"U{u:02d}G{g:02d}C{c:02d}",
                    name=f"Chi bộ thôn {place(rng)}",
                    kind=OrgKind.CELL,
                    parent=grassroots,
                    valid_from=dt.date(2020, 1, 1),
                )
                members += _member_rows(rng, cell, spec.members_per_cell, serial, prefix)
                serial += spec.members_per_cell
    Member.objects.bulk_create(members, batch_size=1000)
    _demo_logins(members[0])
    return {"members": len(members)}


def _demo_logins(member: Member) -> None:
    """quantri (tenant admin), bantochuc (organisation department), huyen (admin of the first unit),
    bithu (secretary of the first cell) and dangvien (a member of that cell)."""
    from django.contrib.auth.models import Group

    from core.access.models import Role, RoleGrant

    user_model = get_user_model()
    admin = user_model.objects.create_user(
        ADMIN_USERNAME, password=DEMO_PASSWORD, is_staff=True, is_superuser=True, first_name="Minh Quân", last_name="Lê"
    )
    admin.groups.add(Group.objects.get_or_create(name=TENANT_ADMIN_GROUP)[0])
    cell = member.cell
    district = OrgUnit.objects.get(code=cell.code[:3])
    root = OrgUnit.objects.get(kind=OrgKind.ROOT)
    for username, role, unit, (last, first) in (  # names shown in the audit log ("Bí thư Đỗ Văn Thành …")
        ("bantochuc", Role.ORG_DEPARTMENT, root, ("Nguyễn", "Thị Hằng")),
        ("huyen", Role.COMMITTEE_ADMIN, district, ("Trần", "Văn Hùng")),
        ("bithu", Role.CELL_SECRETARY, cell, ("Đỗ", "Văn Thành")),
    ):
        user = user_model.objects.create_user(username, password=DEMO_PASSWORD, first_name=first, last_name=last)
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    last, first = member.full_name.rsplit(" ", 1)
    user = user_model.objects.create_user(MEMBER_USERNAME, password=DEMO_PASSWORD, first_name=first, last_name=last)
    Member.objects.filter(pk=member.pk).update(user=user)
