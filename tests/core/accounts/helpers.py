"""Small org trees, members and accounts for the accounts tests (created inside the test's transaction)."""

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth.models import User

from core.access.models import RoleGrant
from core.accounts.models import AccountState
from core.members.models import Member
from core.org.models import OrgUnit
from core.org.services import org_unit_create
from tests.conftest import PASSWORD

_cards = itertools.count(1)


def make_tree() -> dict[str, OrgUnit]:
    """ROOT ─ XA1 (commune) ─ CB1, CB2 (cells); ROOT ─ XA2 ─ CB3."""
    root = org_unit_create(code="ROOT", name="Đảng bộ tỉnh", kind="root", parent=None)
    xa1 = org_unit_create(code="XA1", name="Đảng bộ xã Yên Phú", kind="commune", parent=root)
    cb1 = org_unit_create(code="CB1", name="Chi bộ thôn Đông", kind="cell", parent=xa1)
    cb2 = org_unit_create(code="CB2", name="Chi bộ thôn Đoài", kind="cell", parent=xa1)
    xa2 = org_unit_create(code="XA2", name="Đảng bộ xã Khánh An", kind="commune", parent=root)
    cb3 = org_unit_create(code="CB3", name="Chi bộ thôn Thượng", kind="cell", parent=xa2)
    return {"ROOT": root, "XA1": xa1, "CB1": cb1, "CB2": cb2, "XA2": xa2, "CB3": cb3}


def make_member(cell: OrgUnit, full_name: str, **fields: Any) -> Member:
    values: dict[str, Any] = {
        "party_card_number": f"37{next(_cards):07d}",
        "date_of_birth": dt.date(1970, 5, 1),
        "sex": "male",
        "admitted_on": dt.date(2000, 1, 1),
        "status": "official",
    }
    values.update(fields)
    return Member.objects.create(cell=cell, full_name=full_name, **values)


def give_account(member: Member, *, password: str = PASSWORD, must_change: bool = False) -> User:
    user = User.objects.create_user(member.party_card_number, password=password, first_name=member.full_name)
    member.user = user
    member.save(update_fields=["user"])
    AccountState.objects.create(user=user, must_change_password=must_change)
    return user


def make_user(username: str, *, role: str = "", unit: OrgUnit | None = None, **fields: Any) -> User:
    user = User.objects.create_user(username, password=PASSWORD, **fields)
    if role and unit is not None:
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user
