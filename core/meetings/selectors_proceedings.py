"""Reads of proceedings and catch-up: tasks to review and overdue, a member's past meetings and tasks, the
catch-up status of a meeting, and everything the secretary's meeting page shows about them."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from core.meetings import roster
from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingTask,
    Minutes,
    MinutesStatus,
    ReadReceipt,
    Resolution,
    TaskReview,
)
from core.meetings.services.catchup import READABLE_STATUSES
from core.meetings.services.common import GONE_STATUSES
from core.meetings.services.proceedings import PENDING_TASK_STATUSES
from core.members.models import Member
from core.org.models import OrgUnit

HISTORY_PAGE_SIZE = 20


def member_of(user: User | AnonymousUser) -> Member | None:
    """The caller's own member record (not moved away or deceased), with their cell."""
    if not user.is_authenticated:
        return None
    return (
        Member.objects.select_related("cell", "user").filter(user_id=user.pk).exclude(status__in=GONE_STATUSES).first()
    )


# --- tasks -------------------------------------------------------------------------------------------------------


def tasks_to_review(meeting: Meeting) -> QuerySet[MeetingTask]:
    """Tasks of the cell still open or in progress, assigned at earlier meetings, with this meeting's review
    (if any) prefetched as `this_review`."""
    # Committee tasks are followed up at committee meetings, the cell's tasks at the cell's meetings.
    same_body = Q(meeting__kind=MeetingKind.COMMITTEE)
    return (
        MeetingTask.objects.filter(
            cell_id=meeting.cell_id, status__in=PENDING_TASK_STATUSES, meeting__starts_at__lt=meeting.starts_at
        )
        .filter(same_body if roster.is_committee(meeting) else ~same_body)
        .select_related("owner", "meeting")
        .prefetch_related(
            Prefetch("reviews", queryset=TaskReview.objects.filter(meeting=meeting), to_attr="this_review")
        )
        .order_by("due_date", "pk")
    )


def tasks_reviewed_at(meeting: Meeting) -> QuerySet[TaskReview]:
    return TaskReview.objects.filter(meeting=meeting).select_related("task", "task__owner").order_by("pk")


def overdue_tasks(cell: OrgUnit, today: dt.date | None = None) -> QuerySet[MeetingTask]:
    """Tasks of the cell past their due date and not done or cancelled."""
    today = today or timezone.localdate()
    return (
        MeetingTask.objects.filter(cell=cell, status__in=PENDING_TASK_STATUSES, due_date__lt=today)
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )


def my_tasks(member: Member) -> QuerySet[MeetingTask]:
    """The member's tasks from the meetings they take part in, by due date."""
    return (
        MeetingTask.objects.filter(roster.meetings_of(member, "meeting__"), owner=member)
        .select_related("meeting")
        .order_by("due_date", "pk")
    )


# --- past meetings and catch-up ----------------------------------------------------------------------------------


def past_meetings(member: Member) -> QuerySet[Meeting]:
    """Held and closed meetings of the member's cell, newest first, annotated with the member's attendance
    status (`my_status`, None if unmarked) and whether they have read it (`has_read`)."""
    return (
        Meeting.objects.filter(roster.meetings_of(member), status__in=READABLE_STATUSES)
        .select_related("cell")
        .annotate(
            my_status=Subquery(Attendance.objects.filter(meeting=OuterRef("pk"), member=member).values("status")[:1]),
            has_read=Exists(ReadReceipt.objects.filter(meeting=OuterRef("pk"), member=member)),
        )
        .order_by("-starts_at", "-pk")
    )


@dataclass
class PastMeeting:
    """A held/closed meeting as a member sees it: minutes only once approved."""

    member: Member
    meeting: Meeting
    agenda: list[AgendaItem]
    minutes: Minutes | None
    resolution: Resolution | None
    tasks: list[MeetingTask]
    attendance: Attendance | None


def past_meeting_for(user: User | AnonymousUser, meeting_id: int) -> PastMeeting | None:
    """None (→ 404) unless the meeting is held/closed and of the caller's own cell."""
    member = member_of(user)
    if member is None:
        return None
    meeting = (
        Meeting.objects.filter(roster.meetings_of(member), pk=meeting_id, status__in=READABLE_STATUSES)
        .select_related("cell")
        .first()
    )
    if meeting is None:
        return None
    return PastMeeting(
        member=member,
        meeting=meeting,
        agenda=list(meeting.agenda_items.order_by("order", "pk")),
        minutes=Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).first(),
        resolution=Resolution.objects.filter(meeting=meeting).first(),
        tasks=list(meeting.tasks.select_related("owner").order_by("due_date", "pk")),
        attendance=Attendance.objects.filter(meeting=meeting, member=member).first(),
    )


@dataclass
class CatchUpRow:
    member: Member
    status: str | None  # attendance status; None while unmarked
    status_label: str
    read_at: dt.datetime | None
    briefed_by: str | None = None  # the secretary who briefed the member in person (no smartphone)


def catchup_status(meeting: Meeting) -> list[CatchUpRow]:
    """Members of the cell who were not present (excused, unexcused, exempt or not yet marked) and when each
    read the meeting (None: not yet)."""
    marks = {a.member_id: a.status for a in Attendance.objects.filter(meeting=meeting)}
    reads = {
        member_id: (read_at, briefed_by)
        for member_id, read_at, briefed_by in ReadReceipt.objects.filter(meeting=meeting).values_list(
            "member_id", "read_at", "recorded_by__username"
        )
    }
    members = roster.participants(meeting).order_by("full_name")
    labels = dict(AttendanceStatus.choices)
    return [
        CatchUpRow(
            member=m,
            status=marks.get(m.pk),
            status_label=str(labels.get(marks.get(m.pk) or "", gettext("Chưa điểm danh"))),
            read_at=reads.get(m.pk, (None, None))[0],
            briefed_by=reads.get(m.pk, (None, None))[1],
        )
        for m in members
        if marks.get(m.pk) != AttendanceStatus.PRESENT
    ]
