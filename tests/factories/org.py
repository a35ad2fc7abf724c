"""A small hand-made tree inside the current tenant schema, with members and scoped users.

ROOT  Đảng bộ tỉnh
├── D1  Đảng bộ huyện Yên Mô
│   └── C1  Đảng bộ xã Yên Phong
│       ├── X  Chi bộ thôn Đông   (3 members; secretary sec_x)
│       └── Y  Chi bộ thôn Đoài   (2 members)
└── D2  Đảng bộ huyện Kim Sơn
    └── Z  Chi bộ thôn Trung     (2 members)
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field

import factory
from django.contrib.auth.models import User

from core.access.models import Role, RoleGrant
from core.members.models import Member, MemberStatus
from core.org.models import OrgKind, OrgUnit
from core.org.services import org_unit_create
from tests.conftest import PASSWORD

_cards = itertools.count(1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    party_card_number = factory.LazyFunction(lambda: f"93{next(_cards):08d}")
    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"])
    date_of_birth = dt.date(1970, 5, 17)
    sex = "male"
    admitted_on = dt.date(1995, 3, 2)
    official_on = dt.date(1996, 3, 2)
    citizen_id = factory.LazyFunction(lambda: f"0360{next(_cards):08d}")
    phone = factory.LazyFunction(lambda: f"09{next(_cards):08d}")
    status = MemberStatus.OFFICIAL


def user_with(username: str, *grants: tuple[str, OrgUnit]) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    for role, unit in grants:
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


@dataclass
class Tree:
    root: OrgUnit
    d1: OrgUnit
    c1: OrgUnit
    x: OrgUnit
    y: OrgUnit
    d2: OrgUnit
    z: OrgUnit
    members: dict[str, list[Member]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def build_tree() -> Tree:
    root = org_unit_create(code="ROOT", name="Đảng bộ tỉnh", kind=OrgKind.ROOT, parent=None)
    d1 = org_unit_create(code="D1", name="Đảng bộ huyện Yên Mô", kind=OrgKind.DISTRICT, parent=root)
    c1 = org_unit_create(code="C1", name="Đảng bộ xã Yên Phong", kind=OrgKind.COMMUNE, parent=d1)
    x = org_unit_create(code="X", name="Chi bộ thôn Đông", kind=OrgKind.CELL, parent=c1)
    y = org_unit_create(code="Y", name="Chi bộ thôn Đoài", kind=OrgKind.CELL, parent=c1)
    d2 = org_unit_create(code="D2", name="Đảng bộ huyện Kim Sơn", kind=OrgKind.DISTRICT, parent=root)
    z = org_unit_create(code="Z", name="Chi bộ thôn Trung", kind=OrgKind.CELL, parent=d2)
    tree = Tree(root=root, d1=d1, c1=c1, x=x, y=y, d2=d2, z=z)
    tree.members = {
        "X": MemberFactory.create_batch(3, cell=x),
        "Y": MemberFactory.create_batch(2, cell=y),
        "Z": MemberFactory.create_batch(2, cell=z),
    }
    member_user = User.objects.create_user("dv_x", password=PASSWORD)
    Member.objects.filter(pk=tree.members["X"][0].pk).update(user=member_user)
    tree.members["X"][0].refresh_from_db()
    tree.users = {
        "sec_x": user_with("sec_x", (Role.CELL_SECRETARY, x)),
        "admin_d1": user_with("admin_d1", (Role.COMMITTEE_ADMIN, d1)),
        "btc": user_with("btc", (Role.ORG_DEPARTMENT, root)),
        "member_x": member_user,
        "nobody": User.objects.create_user("nobody", password=PASSWORD),
    }
    return tree
