"""Member records of the demo tenants: dated status history, this year's movements, work history, rewards and
a few disciplines — so the member pages and the standard reports show real distributions.

Rows are written directly (seed data, not user actions: no service, no audit). Idempotent: a tenant that already
has status history is left as it is. Active members keep their status and smartphone (the 2023 adoption story
and its figures stay as they were); members who left this year are added as new rows outside the demo member's
cell.
"""

import datetime as dt
import random

from django.db import transaction

from core.demo.names import member_facts
from core.members.models import (
    Discipline,
    Member,
    MemberStatus,
    MemberStatusChange,
    Reward,
    StatusEvent,
    WorkPeriod,
)
from core.org.models import OrgKind, OrgUnit

PLACES = ["Đảng bộ tỉnh Nam Định", "Đảng bộ tỉnh Thanh Hóa", "Đảng bộ thành phố Hồ Chí Minh", "Đảng bộ tỉnh Bình Dương"]
AWAY = ["Thành phố Hồ Chí Minh", "Tỉnh Bình Dương", "Hàn Quốc", "Nhật Bản", "Tỉnh Đồng Nai"]
GONE_SHARE = 0.02  # members who left this year, added to the current members


def _day_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _history(members: list[Member], rng: random.Random, today: dt.date) -> list[MemberStatusChange]:
    rows = []
    for m in members:
        if m.status in (MemberStatus.EXEMPT, MemberStatus.WORKING_AWAY):
            event = StatusEvent.EXEMPT if m.status == MemberStatus.EXEMPT else StatusEvent.WORKING_AWAY
            rows.append(MemberStatusChange(
                member=m, event=event, status_before=MemberStatus.OFFICIAL, status_after=m.status,
                on=_day_in(rng, today - dt.timedelta(days=1500), today - dt.timedelta(days=30)),
                exempt_reason=m.exempt_reason, place=rng.choice(AWAY) if event == StatusEvent.WORKING_AWAY else "",
            ))  # fmt: skip
        elif m.status == MemberStatus.PROBATIONARY:
            rows.append(
                MemberStatusChange(member=m, event=StatusEvent.ADMITTED, status_after=m.status, on=m.admitted_on)
            )
    return rows


def _movements(members: list[Member], rng: random.Random, today: dt.date) -> list[MemberStatusChange]:
    """Official recognitions and transfers in this year (statuses unchanged), dated."""
    start = today.replace(month=1, day=1)
    rows = []
    officials = [m for m in members if m.status == MemberStatus.OFFICIAL]
    for m in rng.sample(officials, max(1, len(officials) // 50)):
        m.official_on = _day_in(rng, start, today)
        m.admitted_on = m.official_on - dt.timedelta(days=365)
        rows.append(MemberStatusChange(member=m, event=StatusEvent.OFFICIAL, status_before=MemberStatus.PROBATIONARY,
                                       status_after=MemberStatus.OFFICIAL, on=m.official_on))  # fmt: skip
    for m in rng.sample(officials, max(1, len(officials) // 100)):
        rows.append(MemberStatusChange(member=m, event=StatusEvent.TRANSFERRED_IN, status_after=m.status,
                                       on=_day_in(rng, start, today), place=rng.choice(PLACES)))  # fmt: skip
    return rows


GONE_EVENTS = [
    (StatusEvent.DECEASED, MemberStatus.DECEASED, 55),
    (StatusEvent.TRANSFERRED_OUT, MemberStatus.TRANSFERRED_OUT, 40),
    (StatusEvent.EXPELLED, MemberStatus.EXPELLED, 3),
    (StatusEvent.REMOVED, MemberStatus.REMOVED, 2),
]


def _gone(cells: list[OrgUnit], n: int, rng: random.Random, today: dt.date, prefix: str) -> None:
    """Members who left this year: new rows in their (last) cell, each with its dated event."""
    start = today.replace(month=1, day=1)
    for i in range(n):
        event, status, _w = rng.choices(GONE_EVENTS, weights=[w for *_x, w in GONE_EVENTS])[0]
        facts = member_facts(rng)
        facts.update(status=status, exempt_reason="", official_on=facts["official_on"] or facts["admitted_on"])
        member = Member.objects.create(party_card_number=f"{prefix}{i:06d}", cell=rng.choice(cells), **facts)
        on = _day_in(rng, start, today)
        decided = event in (StatusEvent.EXPELLED, StatusEvent.REMOVED)
        MemberStatusChange.objects.create(
            member=member, event=event, status_before=MemberStatus.OFFICIAL, status_after=status, on=on,
            place=rng.choice(PLACES) if event == StatusEvent.TRANSFERRED_OUT else "",
            decision_number=f"{rng.randint(10, 250)}-QĐ/ĐU" if decided else "", decision_date=on if decided else None,
        )  # fmt: skip


def _file(members: list[Member], rng: random.Random, today: dt.date) -> None:
    work, rewards, disciplines = [], [], []
    for m in members:
        start = dt.date(min(m.date_of_birth.year + rng.randint(18, 24), today.year - 1), rng.randint(1, 12), 1)
        work.append(WorkPeriod(member=m, started_on=start, position=m.occupation or "Lao động", workplace=m.workplace
                               or m.residence or "Địa phương"))  # fmt: skip
        for years in (50, 40, 30):
            anniversary = m.admitted_on.replace(year=m.admitted_on.year + years) if m.admitted_on.month != 2 else None
            if anniversary and anniversary <= today:
                number = f"{rng.randint(100, 999)}-QĐ/TU"
                form = f"Huy hiệu {years} năm tuổi Đảng"
                rewards.append(
                    Reward(member=m, form=form, issued_by="Tỉnh ủy", decision_number=number, decision_date=anniversary)
                )
                break
        if rng.random() < 0.006:
            disciplines.append(Discipline(member=m, form="reprimand", issued_by="Đảng ủy xã",
                                          decision_number=f"{rng.randint(1, 99)}-QĐ/ĐU",
                                          decision_date=_day_in(rng, today - dt.timedelta(days=900), today),
                                          reason="Vi phạm quy định về sinh hoạt đảng"))  # fmt: skip
    WorkPeriod.objects.bulk_create(work, batch_size=2000)
    Reward.objects.bulk_create(rewards, batch_size=2000)
    Discipline.objects.bulk_create(disciplines, batch_size=2000)


@transaction.atomic
def seed_records(seed: str, today: dt.date, keep_cell: OrgUnit | None) -> int:
    """Returns the number of members added as gone this year (0 when the tenant was already seeded)."""
    if MemberStatusChange.objects.exists():
        return 0
    rng = random.Random(f"records-{seed}")
    members = list(Member.objects.order_by("pk"))
    for m in members:
        if m.status == MemberStatus.PROBATIONARY:  # admitted within the last year (a probation lasts 12 months)
            m.admitted_on = today - dt.timedelta(days=rng.randint(20, 330))
    history = _history(members, rng, today) + _movements(members, rng, today)
    Member.objects.bulk_update(members, ["admitted_on", "official_on"], batch_size=2000)
    MemberStatusChange.objects.bulk_create(history, batch_size=2000)
    _file(members, rng, today)
    cells = [c for c in OrgUnit.objects.filter(kind=OrgKind.CELL, valid_to__isnull=True) if c != keep_cell]
    gone = max(1, round(len(members) * GONE_SHARE))
    _gone(cells, gone, rng, today, prefix=f"9{seed[:2].upper()}")
    return gone
