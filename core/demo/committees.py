"""Committees of the demo tenants: five seats on the committee of every depth-1 unit (district or commune-level
committee) and its monthly committee meetings — the last three months held and closed, next month's published
with its agenda. Idempotent: seats are created once; a (unit, month) that has its committee meeting is skipped.
Rows are written directly (seed data, not user actions: no service, no audit, no notification)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from core.demo.seed import MEMBER_USERNAME
from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Resolution,
)
from core.members.models import CommitteePosition, CommitteeSeat, Member, MemberStatus
from core.org.models import OrgUnit
from core.stats.selectors import last_months

POSITIONS = [
    CommitteePosition.SECRETARY,
    CommitteePosition.DEPUTY,
    CommitteePosition.STANDING,
    CommitteePosition.MEMBER,
    CommitteePosition.MEMBER,
]
AGENDA = [
    ("Đánh giá kết quả lãnh đạo thực hiện nhiệm vụ tháng", "Báo cáo của thường trực cấp ủy."),
    ("Cho ý kiến về công tác cán bộ", "Thảo luận, biểu quyết theo quy chế làm việc."),
    ("Chương trình công tác tháng tới", "Phân công cấp ủy viên phụ trách địa bàn."),
]
HISTORY_MONTHS = 3


def _seats(unit: OrgUnit, today: dt.date) -> list[Member]:
    seats = list(CommitteeSeat.objects.filter(unit=unit, ended_on__isnull=True).select_related("member"))
    if seats:
        return [s.member for s in seats]
    members = list(
        Member.objects.filter(cell__path__startswith=unit.path, status=MemberStatus.OFFICIAL)
        .exclude(user__username=MEMBER_USERNAME)  # the demo member keeps their cell meeting as "next"
        .order_by("pk")[:5]
    )
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(unit=unit, member=m, position=p, started_on=today.replace(year=today.year - 1))
        for m, p in zip(members, POSITIONS, strict=False)
    )
    return members


def _meeting(unit: OrgUnit, month: dt.date, members: list[Member], held: bool) -> None:
    tz = timezone.get_default_timezone()
    starts = dt.datetime.combine(month.replace(day=3), dt.time(8, 0), tzinfo=tz)
    ends = starts + dt.timedelta(hours=3)
    meeting = Meeting.objects.create(
        cell=unit,
        kind=MeetingKind.COMMITTEE,
        title=f"Họp Ban Chấp hành {unit.name} tháng {month:%m/%Y}",
        starts_at=starts,
        ends_at=ends,
        place="Hội trường cấp ủy",
        # Members away on business join the upcoming one online (a placeholder address of the demo).
        online_url="" if held else f"https://hop.example.vn/cap-uy-{unit.code.lower()}",
        status=MeetingStatus.CLOSED if held else MeetingStatus.PUBLISHED,
        published_at=starts - dt.timedelta(days=7),
        held_at=starts if held else None,
        closed_at=ends if held else None,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, order=n, title=title, details=details)
        for n, (title, details) in enumerate(AGENDA, start=1)
    )
    if not held:
        return
    away = members[-1] if month.month % 2 else None  # one member away on business every other month
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m, status=AttendanceStatus.EXCUSED, reason="Đi công tác")
        if m == away
        else Attendance(meeting=meeting, member=m, status=AttendanceStatus.PRESENT, checked_in_at=starts)
        for m in members
    )
    Minutes.objects.create(
        meeting=meeting,
        text=f"Biên bản họp cấp ủy tháng {month:%m/%Y}: cấp ủy thống nhất các nội dung trình.",
        status=MinutesStatus.APPROVED,
        approved_at=ends + dt.timedelta(days=1),
    )
    Resolution.objects.create(
        meeting=meeting, text="Cấp ủy thống nhất chương trình công tác tháng tới.", adopted_at=ends
    )


@transaction.atomic
def seed_committees(today: dt.date | None = None) -> int:
    """Seats and committee meetings for every depth-1 unit; returns the number of meetings created."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    months = [m for m in last_months(today, HISTORY_MONTHS + 1) if m < this_month]
    created = 0
    for unit in OrgUnit.objects.filter(depth=1, valid_to__isnull=True).order_by("code"):
        members = _seats(unit, today)
        if not members:
            continue
        done = {
            timezone.localtime(s).date().replace(day=1)
            for s in Meeting.objects.filter(cell=unit, kind=MeetingKind.COMMITTEE).values_list("starts_at", flat=True)
        }
        for month in [*months, next_month]:
            if month not in done:
                _meeting(unit, month, members, held=month < this_month)
                created += 1
    return created
