"""A year of cell meetings for the demo tenants: every cell gets a monthly series and, for the 12 months before
this one, a held regular meeting with agenda, attendance (~90% present; excused with reasons; exempt members
marked exempt, about a third of them attending), a few opinions, approved minutes, a resolution and 1–3 tasks
(most done, recent ones sometimes overdue), a closed vote twice a year (E and ballots by the vote rule:
probationary members present do not vote, exempt members present do) and read receipts for some absent members;
some cells hold a thematic meeting too. This month's meeting is held if its day is past, otherwise published;
next month's is published with its agenda, so /sinh-hoat/ always shows something.

Idempotent and incremental: a (series, month) that already has its meeting is skipped, so re-running the seed
(every `make run`) only adds the months that came since. Rows are written directly with bulk_create (seed data,
not user actions: no service, no audit, no notification).
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    MeetingTask,
    Minutes,
    MinutesStatus,
    Opinion,
    ReadReceipt,
    Resolution,
    TaskStatus,
    Vote,
    VoteStatus,
)
from core.meetings.vote_rules import decision_passes, may_vote, quorum_met
from core.members.models import GONE_STATUSES, Member, MemberStatus
from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit
from core.stats.selectors import last_months

HISTORY_MONTHS = 12
TOPICS = [
    ("Kiểm điểm việc thực hiện nhiệm vụ tháng", "Đánh giá kết quả thực hiện nghị quyết tháng trước, tồn tại, hạn chế."),
    ("Triển khai nhiệm vụ tháng tới", "Phân công đảng viên phụ trách các phần việc trọng tâm."),
    ("Học tập, quán triệt nghị quyết của cấp trên", "Quán triệt nghị quyết, chỉ thị mới của Đảng ủy cấp trên."),
    ("Thu, nộp đảng phí", "Thông báo kết quả thu đảng phí; nhắc đảng viên nộp đầy đủ, đúng hạn."),
    ("Công tác phát triển đảng viên", "Giới thiệu quần chúng ưu tú để cử đi học lớp nhận thức về Đảng."),
    ("Tình hình an ninh trật tự trên địa bàn", "Nắm tình hình, phối hợp với công an xã giữ gìn an ninh trật tự."),
    ("Xây dựng nông thôn mới, khu dân cư kiểu mẫu", "Vận động nhân dân tham gia làm đường, vệ sinh môi trường."),
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Liên hệ bản thân, đăng ký việc làm cụ thể."),
    ("Công tác chuẩn bị đại hội chi bộ", "Thảo luận dự thảo báo cáo chính trị và phương án nhân sự."),
    ("Phòng chống thiên tai, mưa bão", "Phân công trực, kiểm tra đê điều, hỗ trợ hộ khó khăn."),
]
THEMES = [
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Phát triển kinh tế hộ gia đình, giảm nghèo bền vững",
    "Chuyển đổi số trong công tác đảng",
    "Phòng, chống tham nhũng, tiêu cực",
]
EXCUSES = ["đi công tác", "ốm", "đi làm ăn xa", "gia đình có việc hiếu", "đưa con đi khám bệnh", "trực cơ quan"]
OPINIONS = [
    "Đề nghị chi bộ quan tâm hơn đến việc vận động các hộ còn khó khăn.",
    "Tôi nhất trí với dự thảo nghị quyết, đề nghị bổ sung chỉ tiêu thu đảng phí.",
    "Đề nghị phân công đảng viên trẻ hỗ trợ người cao tuổi cài đặt ứng dụng.",
    "Việc làm đường liên thôn cần có kế hoạch huy động cụ thể hơn.",
    "Đề nghị tăng cường kiểm tra việc thực hiện nghị quyết tháng trước.",
    "Tôi xin nhận nhiệm vụ theo dõi công tác vệ sinh môi trường khu dân cư.",
]
TASKS = [
    "Hoàn thành thu đảng phí quý",
    "Vận động nhân dân tham gia ngày chủ nhật xanh",
    "Lập danh sách quần chúng ưu tú giới thiệu học lớp cảm tình Đảng",
    "Thăm hỏi gia đình chính sách, hộ nghèo",
    "Rà soát, cập nhật hồ sơ đảng viên",
    "Tuyên truyền phòng chống cháy nổ trong khu dân cư",
]
GONE = GONE_STATUSES
EXEMPT_ATTENDING = 0.35


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass
class _Batch:
    """Rows to insert, in dependency order; children refer to their meeting by its position in `meetings`."""

    meetings: list[Meeting] = field(default_factory=list)
    agenda: list[tuple[int, AgendaItem]] = field(default_factory=list)
    attendance: list[tuple[int, Attendance]] = field(default_factory=list)
    opinions: list[tuple[int, Opinion]] = field(default_factory=list)
    minutes: list[tuple[int, Minutes]] = field(default_factory=list)
    votes: list[tuple[int, Vote]] = field(default_factory=list)
    resolutions: list[tuple[int, Resolution]] = field(default_factory=list)
    tasks: list[tuple[int, MeetingTask]] = field(default_factory=list)
    reads: list[tuple[int, ReadReceipt]] = field(default_factory=list)


class _Builder:
    def __init__(self, seed: str, today: dt.date) -> None:
        self.rng = random.Random(f"meetings-{seed}")
        self.today = today
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.batch = _Batch()
        self.vote_of: dict[int, int] = {}  # meeting position → position in votes

    def meeting(self, series: MeetingSeries, month: dt.date, members: list[Member], cell_index: int) -> None:
        day = month.replace(day=series.day_of_month)
        starts = dt.datetime.combine(day, series.start_time, tzinfo=self.zone)
        held = day < self.today
        status = (
            MeetingStatus.PUBLISHED if not held
            else MeetingStatus.HELD if month >= _add_months(self.today.replace(day=1), -1)
            else MeetingStatus.CLOSED
        )  # fmt: skip
        self._add(series.cell, MeetingKind.REGULAR, f"Sinh hoạt chi bộ thường kỳ tháng {month:%m/%Y}", "", starts,
                  series.place, status, members, series=series, month=month)  # fmt: skip
        if held and (cell_index + month.month) % 6 == 0:  # about two thematic meetings a year per cell
            theme = THEMES[(cell_index + month.month) % len(THEMES)]
            when = starts + dt.timedelta(days=10)
            if when.date() < self.today:
                self._add(series.cell, MeetingKind.THEMATIC, "Sinh hoạt chuyên đề", theme, when, series.place,
                          MeetingStatus.CLOSED, members)  # fmt: skip

    def _add(
        self,
        cell: OrgUnit,
        kind: str,
        title: str,
        topic: str,
        starts: dt.datetime,
        place: str,
        status: str,
        members: list[Member],
        series: MeetingSeries | None = None,
        month: dt.date | None = None,
    ) -> None:
        rng, b = self.rng, self.batch
        ends = starts + dt.timedelta(hours=2)
        held = status != MeetingStatus.PUBLISHED
        meeting = Meeting(
            cell=cell, kind=kind, title=title, topic=topic, starts_at=starts, ends_at=ends, place=place,
            status=status, series=series, series_month=month, published_at=starts - dt.timedelta(days=5),
            held_at=starts if held else None, closed_at=ends if status == MeetingStatus.CLOSED else None,
        )  # fmt: skip
        b.meetings.append(meeting)
        i = len(b.meetings) - 1
        topics = rng.sample(TOPICS[2:], 2) if kind == MeetingKind.REGULAR else [(topic, "Trao đổi, thảo luận.")]
        if kind == MeetingKind.REGULAR:
            topics = [TOPICS[0], *topics, TOPICS[1]]
        for order, (item_title, details) in enumerate(topics, start=1):
            b.agenda.append((i, AgendaItem(order=order, title=item_title, details=details)))
        if not held:
            return
        present: list[Member] = []
        for member in members:
            mark, reason = self._mark(member)
            checked = starts + dt.timedelta(minutes=rng.randint(-15, 10)) if mark == AttendanceStatus.PRESENT else None
            b.attendance.append((i, Attendance(member=member, status=mark, reason=reason, checked_in_at=checked)))
            if mark == AttendanceStatus.PRESENT:
                present.append(member)
            elif mark != AttendanceStatus.EXEMPT and rng.random() < 0.6:
                read = ends + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 10))
                b.reads.append((i, ReadReceipt(member=member, read_at=read)))
        for member in rng.sample(present, min(len(present), rng.randint(0, 3))):
            b.opinions.append((i, Opinion(member=member, text=rng.choice(OPINIONS), recorded_by_id=member.user_id)))
        b.minutes.append((i, Minutes(
            text=f"Biên bản {title.lower()}: có mặt {len(present)}/{len(members)} đảng viên.",
            status=MinutesStatus.APPROVED, approved_at=ends + dt.timedelta(days=1),
        )))  # fmt: skip
        if kind == MeetingKind.REGULAR and starts.month in (6, 12):
            self._vote(i, title, starts, members, present)
        b.resolutions.append((i, Resolution(
            text="Chi bộ thống nhất: tiếp tục thực hiện các nhiệm vụ trọng tâm; phân công đảng viên phụ trách.",
            adopted_at=ends,
        )))  # fmt: skip
        if kind == MeetingKind.REGULAR:
            self._tasks(i, cell, starts, present or members)

    def _vote(self, i: int, title: str, starts: dt.datetime, members: list[Member], present: list[Member]) -> None:
        """A closed open vote: E and the voters by the rule of `vote_rules.may_vote` (present exempt members vote
        and count, probationary members present do not)."""
        here = {m.pk for m in present}
        voters = [m.pk for m in members if may_vote(status=m.status, present=m.pk in here)]
        voting = [pk for pk in voters if pk in here]
        abstain = self.rng.randint(0, 1) if voting else 0
        yes = len(voting) - abstain
        eligible, taking_part = len(voters), len(voting)
        self.batch.votes.append((i, Vote(
            question=f"Thông qua nghị quyết {title.lower()}", status=VoteStatus.CLOSED, voters=voters,
            eligible=eligible, participants=taking_part,
            opened_at=starts + dt.timedelta(minutes=90), closed_at=starts + dt.timedelta(minutes=100),
            yes=yes, no=0, abstain=abstain, quorum_met=quorum_met(participants=taking_part, eligible=eligible),
            passed=decision_passes(yes=yes, participants=taking_part, eligible=eligible),
        )))  # fmt: skip
        self.vote_of[i] = len(self.batch.votes) - 1

    def _mark(self, member: Member) -> tuple[str, str]:
        if member.status == MemberStatus.EXEMPT:  # about a third of exempt members still come (and then vote)
            if self.rng.random() < EXEMPT_ATTENDING:
                return AttendanceStatus.PRESENT, ""
            return AttendanceStatus.EXEMPT, "miễn sinh hoạt"
        if member.status == MemberStatus.WORKING_AWAY:
            return AttendanceStatus.EXCUSED, "đi làm ăn xa"
        roll = self.rng.random()
        if roll < 0.9:
            return AttendanceStatus.PRESENT, ""
        if roll < 0.98:
            return AttendanceStatus.EXCUSED, self.rng.choice(EXCUSES)
        return AttendanceStatus.UNEXCUSED, ""

    def _tasks(self, i: int, cell: OrgUnit, starts: dt.datetime, owners: list[Member]) -> None:
        rng = self.rng
        recent = starts.date() >= self.today - dt.timedelta(days=75)
        for title in rng.sample(TASKS, rng.randint(1, 3)):
            due = starts.date() + dt.timedelta(days=rng.choice((14, 20, 30)))
            roll = rng.random()
            if due >= self.today or (recent and roll < 0.35):
                status, completed = (TaskStatus.IN_PROGRESS if roll < 0.5 else TaskStatus.OPEN), None
            else:
                late = roll < 0.1
                status = TaskStatus.DONE
                done_day = due + dt.timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 10))
                completed = dt.datetime.combine(min(done_day, self.today), dt.time(16), tzinfo=self.zone)
            owner = rng.choice(owners) if owners else None
            task = MeetingTask(cell=cell, title=title, owner=owner, due_date=due, status=status, completed_at=completed)
            self.batch.tasks.append((i, task))

    def save(self) -> int:
        b = self.batch
        Meeting.objects.bulk_create(b.meetings, batch_size=1000)

        def link(rows: list[tuple[int, Any]]) -> list[Any]:
            for i, row in rows:
                row.meeting = b.meetings[i]
            return [row for _, row in rows]

        AgendaItem.objects.bulk_create(link(b.agenda), batch_size=2000)
        Attendance.objects.bulk_create(link(b.attendance), batch_size=2000)
        Opinion.objects.bulk_create(link(b.opinions), batch_size=2000)
        Minutes.objects.bulk_create(link(b.minutes), batch_size=2000)
        Vote.objects.bulk_create(link(b.votes), batch_size=2000)
        for i, resolution in b.resolutions:
            if i in self.vote_of:
                resolution.vote = b.votes[self.vote_of[i]][1]
        Resolution.objects.bulk_create(link(b.resolutions), batch_size=2000)
        MeetingTask.objects.bulk_create(link(b.tasks), batch_size=2000)
        ReadReceipt.objects.bulk_create(link(b.reads), batch_size=2000)
        return len(b.meetings)


def _series(cells: list[OrgUnit], rng: random.Random, first_month: dt.date) -> dict[int, MeetingSeries]:
    existing = {s.cell_id: s for s in MeetingSeries.objects.filter(active=True)}
    new = [
        MeetingSeries(
            cell=cell,
            day_of_month=rng.choice((3, 5, 8, 10, 15, 20, 25)),
            start_time=rng.choice((dt.time(19, 30), dt.time(14, 0), dt.time(8, 0))),
            place=f"Nhà văn hóa {cell.name.removeprefix('Chi bộ ').lower()}",
            starts_month=first_month,
        )
        for cell in cells
        if cell.pk not in existing
    ]
    MeetingSeries.objects.bulk_create(new)
    return existing | {s.cell_id: s for s in new}


@transaction.atomic
def seed_meetings(seed: str, today: dt.date | None = None) -> int:
    """Fill the missing months (the 12 before this one, this one and the next) of every cell; returns the
    number of meetings created (0 when everything is already there)."""
    today = today or timezone.localdate()
    months = [*last_months(today, HISTORY_MONTHS + 1), _add_months(today.replace(day=1), 1)]
    builder = _Builder(seed, today)
    cells = list(OrgUnit.objects.filter(kind__in=MEMBER_HOLDING_KINDS, valid_to__isnull=True).order_by("code"))
    series = _series(cells, builder.rng, months[0])
    done = set(
        Meeting.objects.filter(series__isnull=False, series_month__gte=months[0]).values_list(
            "series_id", "series_month"
        )
    )
    members: dict[int, list[Member]] = defaultdict(list)
    for member in Member.objects.exclude(status__in=GONE).order_by("pk"):
        members[member.cell_id].append(member)
    for index, cell in enumerate(cells):
        s = series[cell.pk]
        for month in months:
            if (s.pk, month) not in done and members[cell.pk]:
                builder.meeting(s, month, members[cell.pk], index)
    return builder.save()
