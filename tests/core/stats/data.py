"""Hand-made adoption facts on the tests.factories.org tree, with the figures they must give for March 2026.

D1 (X: m0 m1 m2 + one transferred out + one deceased; Y: m3 m4), D2 (Z: m7 m8 m9 m10):
- m0 account, device, logged in; accesses 1 Mar ×3, 31 Mar ×4 (and 28 Feb ×5, 1 Apr ×9 outside March)
- m1 account, device, logged in; only 28 Feb ×2
- m2 account, no device, never logged in, no smartphone
- m3 account, device, logged in; 15 Mar ×1
- m4 no account, exempt for age
- m7 working away; m8 official; m9 exempt (other reason); m10 exempt for health but no smartphone
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils import timezone

from core.accounts.models import AccountState, DailyAccess, Device
from core.members.models import Member
from tests.factories.org import MemberFactory, Tree, build_tree

MARCH = dt.date(2026, 3, 1)
# unit code → (members, issued, installed, ever, active, accesses, no_phone, elderly_sick, away, other)
EXPECTED_MARCH = {
    "ROOT": (9, 4, 3, 3, 2, 8, 2, 1, 1, 2),
    "D1": (5, 4, 3, 3, 2, 8, 1, 1, 0, 0),
    "D2": (4, 0, 0, 0, 0, 0, 1, 0, 1, 2),
}


@dataclass
class Facts:
    tree: Tree
    members: dict[str, Member]


def _account(member: Member, *, device: bool, logged_in: bool) -> User:
    user = member.user or User.objects.create_user(f"u{member.party_card_number}")
    if member.user_id is None:
        Member.objects.filter(pk=member.pk).update(user=user)
    AccountState.objects.create(user=user, first_login_at=timezone.now() if logged_in else None)
    if device:
        Device.objects.create(user=user, kind="pwa", device_id=f"dev-{user.pk}")
    return user


def _access(user: User, *days: tuple[dt.date, int]) -> None:
    DailyAccess.objects.bulk_create(DailyAccess(user=user, day=day, count=n) for day, n in days)


def build_facts() -> Facts:
    """Call inside the tenant schema."""
    tree = build_tree()
    m = {f"m{i}": member for i, member in enumerate(tree.members["X"] + tree.members["Y"])}
    m = {"m0": m["m0"], "m1": m["m1"], "m2": m["m2"], "m3": m["m3"], "m4": m["m4"]}
    MemberFactory(cell=tree.x, status="transferred_out")
    MemberFactory(cell=tree.x, status="deceased", has_smartphone=False)
    m7, m8 = tree.members["Z"]
    Member.objects.filter(pk=m7.pk).update(status="working_away")
    m["m7"], m["m8"] = m7, m8
    m["m9"] = MemberFactory.create(cell=tree.z, status="exempt", exempt_reason="other")
    m["m10"] = MemberFactory.create(cell=tree.z, status="exempt", exempt_reason="health", has_smartphone=False)
    Member.objects.filter(pk=m["m2"].pk).update(has_smartphone=False)
    Member.objects.filter(pk=m["m4"].pk).update(status="exempt", exempt_reason="age")
    u0 = _account(m["m0"], device=True, logged_in=True)
    u1 = _account(m["m1"], device=True, logged_in=True)
    _account(m["m2"], device=False, logged_in=False)
    u3 = _account(m["m3"], device=True, logged_in=True)
    _access(
        u0, (dt.date(2026, 3, 1), 3), (dt.date(2026, 3, 31), 4), (dt.date(2026, 2, 28), 5), (dt.date(2026, 4, 1), 9)
    )
    _access(u1, (dt.date(2026, 2, 28), 2))
    _access(u3, (dt.date(2026, 3, 15), 1))
    for member in m.values():
        member.refresh_from_db()
    return Facts(tree=tree, members=m)


FIELDS = [
    "members",
    "accounts_issued",
    "installed",
    "logged_in_ever",
    "active_month",
    "accesses_month",
    "no_smartphone",
    "exempt_elderly_sick",
    "working_away",
    "other_non_users",
]


def as_tuple(row: object) -> tuple[int, ...]:
    return tuple(getattr(row, f) for f in FIELDS)
