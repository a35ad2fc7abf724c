"""The pilots the demo tenants reproduce (2023), scaled down to a few hundred members:

- Hà Nội: 9 committees piloted January–March 2023, then 48 of 50 live from April; ≈92% of members
  installed the app (92.30% reported for 436,459 of 472,869 members).
- Ninh Bình: Yên Mô piloted from January 2023 and had the pilot extended to the end of 2023; 97% of its
  members use the app, 96% installed and logged in, about two thirds log in every month, ~2.5 visits a
  member a month (7,881 members, 5,413 monthly logins, ~20,000 monthly accesses reported).

Historical rows (rollout transitions dated 2023, logins, devices, daily accesses) are written directly:
this is seed data, not a user action, so no service and no audit row. Every demo account shares one
password hash (the demo password) to keep seeding fast.
"""

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.accounts.models import AccountState, DailyAccess, Device, DeviceKind
from core.members.models import Member, MemberStatus
from core.org.models import OrgUnit

if TYPE_CHECKING:
    from tenants.models import Tenant

YEAR = 2023


@dataclass(frozen=True)
class UnitStory:
    code: str
    opened: dt.date | None  # first day members could use the app (None: never rolled out)
    using_pct: float  # share of the unit's members who installed and logged in
    monthly_active_pct: float  # share of members active in a month once open
    visits_per_active: float
    issued_pct: float = 0.0  # share with an account (≥ using_pct; the rest never logged in)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(8, 30)))


def _months(start: dt.date, last: dt.date) -> list[dt.date]:
    months, cur = [], start.replace(day=1)
    while cur <= last:
        months.append(cur)
        cur = (cur + dt.timedelta(days=32)).replace(day=1)
    return months


def _adopters(members: list[Member], share: float, rng: random.Random) -> list[Member]:
    """Members who adopt: those with a smartphone, not exempt, not away first; non-users keep real reasons."""
    likely = [m for m in members if m.has_smartphone and m.status in (MemberStatus.OFFICIAL, MemberStatus.PROBATIONARY)]
    others = [m for m in members if m not in likely]
    rng.shuffle(likely)
    rng.shuffle(others)
    wanted = round(len(members) * share)
    return (likely + others)[:wanted]


@transaction.atomic
def seed_adoption(stories: list[UnitStory], *, password: str, seed: str, last_day: dt.date) -> int:
    """Accounts, devices, logins and daily accesses for the members of each story's unit (tenant schema)."""
    rng = random.Random(seed)
    hashed = make_password(password)
    users: list[User] = []
    plans: list[tuple[Member, UnitStory | None]] = []  # None: account issued, never used
    expected = {"issued": 0.0, "using": 0.0}
    done = {"issued": 0, "using": 0}
    for story in stories:
        if story.opened is None:
            continue
        unit = OrgUnit.objects.get(code=story.code)
        members = list(Member.objects.filter(cell__path__startswith=unit.path).order_by("pk"))
        # Carry the rounding across units so small units still add up to the target share.
        expected["issued"] += len(members) * max(story.issued_pct, story.using_pct)
        expected["using"] += len(members) * story.using_pct
        using_n = round(expected["using"]) - done["using"]
        issued_n = max(round(expected["issued"]) - done["issued"], using_n)
        done["issued"] += issued_n
        done["using"] += using_n
        for n, member in enumerate(_adopters(members, 1.0, rng)[:issued_n]):
            if member.user_id is None:
                last, first = member.full_name.rsplit(" ", 1)
                users.append(User(username=member.party_card_number, password=hashed, first_name=first, last_name=last))
            plans.append((member, story if n < using_n else None))
    User.objects.bulk_create(users, batch_size=1000)
    created = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
    existing = {u.pk: u for u in User.objects.filter(pk__in=[m.user_id for m, _ in plans if m.user_id])}
    AccountState.objects.filter(user_id__in=list(existing)).delete()  # the demo logins get a story too
    states, devices, accesses, links = [], [], [], []
    for member, plan in plans:
        user = existing[member.user_id] if member.user_id else created[member.party_card_number]
        member.user = user
        links.append(member)
        if plan is None or plan.opened is None:
            states.append(
                AccountState(user=user, must_change_password=True, initial_password_issued_at=_at(dt.date(YEAR, 1, 2)))
            )
            continue
        first_day = plan.opened + dt.timedelta(days=rng.randint(0, 20))
        active_days: list[dt.date] = []
        for month in _months(first_day, last_day):
            if rng.random() < plan.monthly_active_pct:
                visits = max(1, round(rng.gauss(plan.visits_per_active, 1)))
                day = month + dt.timedelta(days=rng.randint(0, 27))
                if day <= last_day:
                    accesses.append(DailyAccess(user=user, day=max(day, first_day), count=visits))
                    active_days.append(max(day, first_day))
        states.append(
            AccountState(
                user=user,
                first_login_at=_at(first_day),
                first_install_at=_at(first_day),
                last_login_at=_at(max(active_days, default=first_day)),
            )
        )
        kind = DeviceKind.ANDROID if rng.random() < 0.7 else rng.choice([DeviceKind.IOS, DeviceKind.PWA])
        devices.append(Device(user=user, kind=kind, device_id=f"demo-{member.party_card_number}", label="Điện thoại"))
    AccountState.objects.bulk_create(states, batch_size=1000)
    Device.objects.bulk_create(devices, batch_size=1000)
    DailyAccess.objects.bulk_create(accesses, batch_size=2000, ignore_conflicts=True)
    Member.objects.bulk_update(links, ["user"], batch_size=1000)
    return len(plans)


@dataclass(frozen=True)
class WaveStory:
    name: str
    planned_start: dt.date
    planned_end: dt.date
    unit_codes: tuple[str, ...]
    pilot_on: dt.date
    live_on: dt.date | None = None
    extended_on: dt.date | None = None
    extended_to: dt.date | None = None


def seed_rollout(tenant: "Tenant", units: list[tuple[str, str]], waves: list[WaveStory]) -> None:
    """Public schema: rollout units (all depth-1 units), waves and their dated transitions."""
    from tenants.rollout.models import RolloutTransition, RolloutUnit, RolloutWave, UnitState

    by_code = {code: RolloutUnit.objects.create(tenant=tenant, unit_code=code, unit_name=name) for code, name in units}

    def move(unit: RolloutUnit, to: str, on: dt.date, reason: str, end: dt.date | None = None) -> None:
        RolloutTransition.objects.create(
            rollout_unit=unit,
            from_state=unit.state,
            to_state=to,
            actor="bantochuc",
            reason=reason,
            new_end_date=end,
            at=_at(on),
        )
        unit.state = to
        if end is not None:
            unit.pilot_end = end

    for story in waves:
        wave = RolloutWave.objects.create(
            tenant=tenant, name=story.name, planned_start=story.planned_start, planned_end=story.planned_end
        )
        for code in story.unit_codes:
            unit = by_code[code]
            unit.wave = wave
            move(unit, UnitState.PILOT, story.pilot_on, f"{story.name}: bắt đầu thí điểm", story.planned_end)
            if story.extended_on and story.extended_to:
                move(
                    unit,
                    UnitState.EXTENDED,
                    story.extended_on,
                    "Kết quả thí điểm tốt; gia hạn thí điểm đến hết năm",
                    story.extended_to,
                )
            if story.live_on:
                move(unit, UnitState.LIVE, story.live_on, "Ban Thường vụ đồng ý triển khai chính thức")
            unit.save()
