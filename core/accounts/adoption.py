"""Adoption figures of a unit's subtree for one month, from raw rows, in two aggregate queries.

Denominator: the unit's *members* — members of every cell in the subtree except those gone
(`GONE_STATUSES`: transferred out, deceased, expelled, removed). Every `Figure` carries its count and
`pct_of_members`, the percentage of that member count (0.0 when the unit has no members), rounded to one
decimal.

- accounts_issued: members linked to an account.
- installed: members whose account registered at least one device (installed PWA or phone client).
- logged_in_ever: members whose account has logged in at least once (AccountState.first_login_at).
- logged_in_this_month: members whose account has at least one access (DailyAccess row) in the month.
- accesses_this_month: total accesses (visits) of those members in the month — a sum, not a member count.
- non-users (members who have never logged in), each counted under exactly one reason, checked in this order:
  no_smartphone (has_smartphone=False), exempt_elderly_sick (status exempt with reason age or health),
  working_away (status working away), other. The four add up to `members - logged_in_ever`.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum

from core.accounts.models import AccountState, DailyAccess, Device
from core.members.models import GONE_STATUSES, ExemptReason, Member, MemberStatus
from core.org.models import OrgUnit

INACTIVE_STATUSES = GONE_STATUSES


@dataclass(frozen=True)
class Figure:
    count: int
    pct_of_members: float


@dataclass(frozen=True)
class AdoptionFigures:
    unit_id: int
    month: dt.date  # first day of the month
    members: int
    accounts_issued: Figure
    installed: Figure
    logged_in_ever: Figure
    logged_in_this_month: Figure
    accesses_this_month: int
    non_users: Figure
    non_users_no_smartphone: Figure
    non_users_exempt_elderly_sick: Figure
    non_users_working_away: Figure
    non_users_other: Figure


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """First day of `month` and first day of the next month."""
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def adoption_figures(unit: OrgUnit, month: dt.date) -> AdoptionFigures:
    start, end = month_bounds(month)
    members = Member.objects.filter(cell__path__startswith=unit.path).exclude(status__in=INACTIVE_STATUSES)
    installed = Exists(Device.objects.filter(user_id=OuterRef("user_id")))
    ever = Exists(AccountState.objects.filter(user_id=OuterRef("user_id"), first_login_at__isnull=False))
    this_month = Exists(DailyAccess.objects.filter(user_id=OuterRef("user_id"), day__gte=start, day__lt=end))
    no_phone = Q(has_smartphone=False)
    elderly_sick = Q(status=MemberStatus.EXEMPT, exempt_reason__in=[ExemptReason.AGE, ExemptReason.HEALTH])
    away = Q(status=MemberStatus.WORKING_AWAY)
    never = ~Q(ever)
    row = members.aggregate(
        members=Count("pk"),
        issued=Count("pk", filter=Q(user__isnull=False)),
        installed=Count("pk", filter=Q(installed)),
        ever=Count("pk", filter=Q(ever)),
        this_month=Count("pk", filter=Q(this_month)),
        non_users=Count("pk", filter=never),
        no_phone=Count("pk", filter=never & no_phone),
        elderly_sick=Count("pk", filter=never & ~no_phone & elderly_sick),
        away=Count("pk", filter=never & ~no_phone & ~elderly_sick & away),
    )
    accesses = DailyAccess.objects.filter(
        day__gte=start, day__lt=end, user_id__in=members.filter(user__isnull=False).values("user_id")
    ).aggregate(total=Sum("count"))["total"]
    total = row["members"]

    def fig(n: int) -> Figure:
        return Figure(count=n, pct_of_members=round(100.0 * n / total, 1) if total else 0.0)

    return AdoptionFigures(
        unit_id=unit.pk,
        month=start,
        members=total,
        accounts_issued=fig(row["issued"]),
        installed=fig(row["installed"]),
        logged_in_ever=fig(row["ever"]),
        logged_in_this_month=fig(row["this_month"]),
        accesses_this_month=accesses or 0,
        non_users=fig(row["non_users"]),
        non_users_no_smartphone=fig(row["no_phone"]),
        non_users_exempt_elderly_sick=fig(row["elderly_sick"]),
        non_users_working_away=fig(row["away"]),
        non_users_other=fig(row["non_users"] - row["no_phone"] - row["elderly_sick"] - row["away"]),
    )
