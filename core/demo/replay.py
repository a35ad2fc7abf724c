"""Both pilots replayed at full size (issue 14), inside the current tenant schema.

Hà Nội (`replay_hanoi`): 472,869 members under 50 committees (~25 members a cell), the generated members written
as one member import file per committee and run through the import job (core/demo/member_file.py), every
account issued in ONE bulk job through the product's issuance (activation codes, core/accounts/issuance.py), then
the rollout as it happened, dated: Long Biên (committee 1) installs 100% during January 2023, the other
pilot committees (2–9) from January to 16 April, the 39 committees of the second wave from 1 to 16 April; the
last two committees never start. Installing = first login + a registered device + that day's access, so on
16 April 2023 the console shows exactly 436,459 of 472,869 installed = 92.30%.

Yên Mô (`replay_yenmo`): Ninh Bình with its Yên Mô district of 8,125 members; 7,881 log in by 15 August 2023
(97% of members), 7,800 of them also install (96% "installed and logged in"); January's cohort of 5,413 and
each later month's newcomers keep exactly 5,413 members active a month with 19,872 accesses (≈ 20,000) a month,
January to August; the 244 non-users split by the seed's three reasons (no smartphone 120, exempt for age or
health 80, working away 44).

`scale` < 1 shrinks every count by the same ratio (tests); the shares the reports quote stay the same.
Writes are set-based SQL over the rows issuance created (a handful of statements per pilot). There is no
transaction around a whole pilot: issuance commits batch by batch (one 472,869-row transaction would keep every
superseded row version alive and slow every batch down), so a failed replay leaves a scratch committee to delete.
"""

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from core.accounts.issuance import issue_job_run
from core.accounts.issue_jobs import job_create
from core.demo.generator import CELLS_PER_COMMUNE, MEMBERS_PER_CELL
from core.demo.member_file import generate_imported
from core.members.models import ExemptReason, MemberStatus
from core.org.models import OrgUnit
from core.stats.services import adoption_refresh

HANOI_MEMBERS, HANOI_INSTALLED, HANOI_DAY = 472_869, 436_459, dt.date(2023, 4, 16)
YENMO_MEMBERS, YENMO_EVER, YENMO_BOTH, YENMO_DAY = 8_125, 7_881, 7_800, dt.date(2023, 8, 15)
YENMO_ACTIVE, YENMO_ACCESSES = 5_413, 19_872
YENMO_REASONS = (120, 80, 44)  # no smartphone, exempt (age/health), working away
YENMO_MONTHS = [dt.date(2023, m, 1) for m in range(1, 9)]


@dataclass(frozen=True)
class Replayed:
    members: int
    accounts: int
    units: list[tuple[str, str]]  # depth-1 (code, name)
    expected: dict[str, int]


def _ts(day: dt.date, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _analyze() -> None:
    """Fresh statistics after bulk writes: without them the planner picks nested loops over 472,869 members."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def issue_all(actor: User) -> int:
    """Every member's account, in one bulk job through the real job body (what the Celery task runs)."""
    _analyze()
    root = OrgUnit.objects.get(depth=0)
    job = job_create(actor=actor, unit=root, total=0, include_without_smartphone=True)
    done = issue_job_run(job.id)
    assert done is not None and done.state == "done", done
    _analyze()
    return done.issued


def share(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights`, largest remainders first, so the parts add up exactly."""
    whole = sum(weights)
    if not whole:
        return [0 for _ in weights]
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[: total - sum(parts)]:
        parts[i] += 1
    return parts


# (top unit id, quota, first day, last day): the first `quota` members of the unit (by id) install, evenly dated.
INSTALL_SQL = """
WITH plan AS (SELECT * FROM unnest(%(tops)s::bigint[], %(quotas)s::int[], %(starts)s::timestamptz[],
                                   %(ends)s::timestamptz[]) AS p(top_id, quota, t0, t1)),
ranked AS (
    SELECT mm.user_id, split_part(o.path, '.', 2)::bigint AS top_id,
           row_number() OVER (PARTITION BY split_part(o.path, '.', 2) ORDER BY mm.id) AS rn
    FROM members_member mm JOIN org_orgunit o ON o.id = mm.cell_id
    WHERE mm.user_id IS NOT NULL AND mm.status <> ALL(%(gone)s)
)
SELECT r.user_id, p.t0 + (p.t1 - p.t0) * (r.rn - 1) / GREATEST(p.quota - 1, 1) AS at
FROM ranked r JOIN plan p ON p.top_id = r.top_id WHERE r.rn <= p.quota
"""


def record_first_logins(
    rows: list[tuple[int, dt.datetime]], *, install: set[int] | None = None, access: bool = True
) -> None:
    """For (user id, when): first/last login, activation used, that day's access (unless `access` is False); a PWA
    device for the users in `install` (all when None)."""
    users = [u for u, _ in rows]
    ats = [a for _, a in rows]
    flags = [install is None or u in install for u in users]  # a flag per row: no array search per row
    params: dict[str, Any] = {"users": users, "ats": ats, "flags": flags}
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE accounts_accountstate s SET first_login_at = t.at, last_login_at = t.at,
                      activation_used_at = t.at, must_change_password = false,
                      first_install_at = CASE WHEN t.installs THEN t.at END,
                      initial_password_issued_at = LEAST(s.initial_password_issued_at, t.at - interval '2 days')
               FROM unnest(%(users)s::bigint[], %(ats)s::timestamptz[], %(flags)s::boolean[]) AS t(uid, at, installs)
               WHERE s.user_id = t.uid""",
            params,
        )
        cursor.execute(
            """INSERT INTO accounts_device (user_id, kind, device_id, label, first_seen_at, last_seen_at)
               SELECT t.uid, 'pwa', 'replay-' || t.uid, '', t.at, t.at
               FROM unnest(%(users)s::bigint[], %(ats)s::timestamptz[], %(flags)s::boolean[]) AS t(uid, at, installs)
               WHERE t.installs
               ON CONFLICT DO NOTHING""",
            params,
        )
        if not access:
            return
        cursor.execute(
            """INSERT INTO accounts_dailyaccess (user_id, day, count)
               SELECT t.uid, (t.at AT TIME ZONE %(tz)s)::date, 1
               FROM unnest(%(users)s::bigint[], %(ats)s::timestamptz[]) AS t(uid, at)
               ON CONFLICT (user_id, day) DO NOTHING""",
            {"users": users, "ats": ats, "tz": timezone.get_current_timezone_name()},
        )


def _planned_installs(plan: list[tuple[int, int, dt.date, dt.date]]) -> list[tuple[int, dt.datetime]]:
    with connection.cursor() as cursor:
        cursor.execute(
            INSTALL_SQL,
            {
                "tops": [p[0] for p in plan],
                "quotas": [p[1] for p in plan],
                "starts": [_ts(p[2]) for p in plan],
                "ends": [_ts(p[3], 20) for p in plan],
                "gone": ["transferred_out", "deceased", "expelled", "removed"],
            },
        )
        return list(cursor.fetchall())


def _active_members_by_top() -> list[tuple[OrgUnit, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT split_part(o.path, '.', 2)::bigint, count(*) FROM members_member mm
               JOIN org_orgunit o ON o.id = mm.cell_id
               WHERE mm.status <> ALL(%s) GROUP BY 1""",
            [["transferred_out", "deceased", "expelled", "removed"]],
        )
        counts = dict(cursor.fetchall())
    tops = list(OrgUnit.objects.filter(depth=1).order_by("code"))
    return [(u, counts.get(u.pk, 0)) for u in tops]


def hanoi_waves(n: int) -> tuple[int, int]:
    """(pilot committees, committees never started) for `n` committees: 9 and 2 of 50, in proportion."""
    pilots = max(1, round(n * 9 / 50))
    idle = max(1, round(n * 2 / 50)) if n >= 3 else 0
    return pilots, idle


def replay_hanoi(*, actor: User, scale: float = 1.0) -> Replayed:
    members = round(HANOI_MEMBERS * scale)
    communes = math.ceil(math.ceil(members / MEMBERS_PER_CELL) / CELLS_PER_COMMUNE)
    generate_imported(members=members, actor=actor, seed="hanoi-replay", districts=min(50, communes))  # 50 at full size
    tops = _active_members_by_top()
    OrgUnit.objects.filter(pk=tops[0][0].pk).update(name="Quận uỷ Long Biên")
    accounts = issue_all(actor)
    total = sum(n for _, n in tops)
    installed = round(total * HANOI_INSTALLED / HANOI_MEMBERS)
    pilots, idle = hanoi_waves(len(tops))
    live = tops[1 : len(tops) - idle]
    quotas = share(installed - tops[0][1], [n for _, n in live])
    plan = [(tops[0][0].pk, tops[0][1], dt.date(2023, 1, 3), dt.date(2023, 1, 31))]
    for (unit, _), quota in zip(live, quotas, strict=True):
        first = dt.date(2023, 1, 5) if unit in [u for u, _ in tops[:pilots]] else dt.date(2023, 4, 1)
        plan.append((unit.pk, quota, first, HANOI_DAY))
    record_first_logins(_planned_installs(plan))
    for month in (1, 2, 3, 4):
        adoption_refresh(dt.date(2023, month, 1))
    units = [(u.code, u.name if i else "Quận uỷ Long Biên") for i, (u, _) in enumerate(tops)]
    return Replayed(members=total, accounts=accounts, units=units, expected={"installed": installed})


def _spread(first: dt.date, last: dt.date, n: int) -> list[dt.datetime]:
    span = (_ts(last, 20) - _ts(first)).total_seconds()
    return [_ts(first) + dt.timedelta(seconds=span * i / max(n - 1, 1)) for i in range(n)]


def _yenmo_people(ever: int, users: list[int], total: int) -> dict[dt.date, list[tuple[int, dt.datetime]]]:
    """Cohorts by month of first login: January's is the monthly active count (5,413 of 8,125 members, scaled
    by the member count); the rest spread to 15 August."""
    active = min(round(YENMO_ACTIVE * total / YENMO_MEMBERS) or 1, ever)
    cohorts = {
        YENMO_MONTHS[0]: list(
            zip(users[:active], _spread(dt.date(2023, 1, 3), dt.date(2023, 1, 31), active), strict=True)
        )
    }
    later = YENMO_MONTHS[1:]
    ends = [(m + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1) for m in later[:-1]] + [YENMO_DAY]
    sizes = share(ever - active, [(end - m).days + 1 for m, end in zip(later, ends, strict=True)])
    start = active
    for month, end, size in zip(later, ends, sizes, strict=True):
        cohorts[month] = list(zip(users[start : start + size], _spread(month, end, size), strict=True))
        start += size
    return cohorts


def _yenmo_accesses(cohorts: dict[dt.date, list[tuple[int, dt.datetime]]], active: int, accesses: int) -> None:
    """Each month exactly `active` members with an access and `accesses` accesses: the month's newcomers on their
    first-login day, topped up with the earliest members on the 10th."""
    rows: list[tuple[int, dt.date, int]] = []
    earlier: list[int] = []
    for month, cohort in cohorts.items():
        chosen = [(u, at.date()) for u, at in cohort]
        chosen += [(u, month.replace(day=10)) for u in earlier[: active - len(chosen)]]
        base, extra = divmod(accesses, len(chosen))
        rows += [(u, day, base + (1 if i < extra else 0)) for i, (u, day) in enumerate(chosen)]
        earlier += [u for u, _ in cohort]
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO accounts_dailyaccess (user_id, day, count)
               SELECT * FROM unnest(%s::bigint[], %s::date[], %s::int[])""",
            [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
        )


def _yenmo_non_users(member_ids: list[int]) -> None:
    no_phone, exempt, _away = share(len(member_ids), list(YENMO_REASONS))
    groups = [member_ids[:no_phone], member_ids[no_phone : no_phone + exempt], member_ids[no_phone + exempt :]]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE members_member SET has_smartphone = false WHERE id = ANY(%s)", [groups[0]])
        for i, pk in enumerate(groups[1]):
            reason = ExemptReason.AGE if i % 2 == 0 else ExemptReason.HEALTH
            cursor.execute(
                "UPDATE members_member SET status = %s, exempt_reason = %s WHERE id = %s",
                [MemberStatus.EXEMPT.value, reason.value, pk],
            )
        cursor.execute(
            "UPDATE members_member SET status = %s WHERE id = ANY(%s)", [MemberStatus.WORKING_AWAY.value, groups[2]]
        )


def _yenmo_everyone_official(facts: dict[str, Any]) -> None:
    """The seed's non-users come from its three reasons only (set after the accounts are issued)."""
    facts.update(status=MemberStatus.OFFICIAL, exempt_reason="", has_smartphone=True)


def replay_yenmo(*, actor: User, scale: float = 1.0) -> Replayed:
    generate_imported(
        members=round(YENMO_MEMBERS * scale), actor=actor, seed="yenmo-replay", districts=1,
        adjust=_yenmo_everyone_official,
    )  # fmt: skip
    OrgUnit.objects.filter(depth=1).update(name="Huyện uỷ Yên Mô")
    accounts = issue_all(actor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, user_id FROM members_member ORDER BY id")
        pairs = list(cursor.fetchall())
    total = len(pairs)
    ever = round(total * YENMO_EVER / YENMO_MEMBERS)
    both = round(total * YENMO_BOTH / YENMO_MEMBERS)
    users = [u for _, u in pairs[:ever]]
    _yenmo_non_users([m for m, _ in pairs[ever:]])
    cohorts = _yenmo_people(ever, users, total)
    record_first_logins([row for cohort in cohorts.values() for row in cohort], install=set(users[:both]), access=False)
    active = len(cohorts[YENMO_MONTHS[0]])
    accesses = round(YENMO_ACCESSES * total / YENMO_MEMBERS)
    _yenmo_accesses(cohorts, active, accesses)
    for month in YENMO_MONTHS:
        adoption_refresh(month)
    top = OrgUnit.objects.get(depth=1)
    expected = {"ever": ever, "both": both, "active": active, "accesses": accesses, "non_users": total - ever}
    return Replayed(members=total, accounts=accounts, units=[(top.code, top.name)], expected=expected)
