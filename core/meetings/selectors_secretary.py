"""Reads for the secretary's API (phone client): one meeting with everything the secretary works with, composed
from the existing selectors in a number of queries that does not grow with the cell's members, and the validity
of the live check-in code."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from core.meetings import vote_rules
from core.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingStatus,
    MeetingTask,
    Minutes,
    Opinion,
    Resolution,
    TaskReview,
)
from core.meetings.roster import participants
from core.meetings.selectors import opinions_by_item
from core.meetings.selectors_proceedings import CatchUpRow, catchup_status, tasks_reviewed_at, tasks_to_review
from core.meetings.selectors_votes import RunnerVote, votes_for_runner
from core.meetings.services import checkin
from core.meetings.services.catchup import READABLE_STATUSES
from core.meetings.services.common import OPEN_STATUSES
from core.meetings.services.proceedings import ClosePlan, close_plan
from core.members.models import Member


@dataclass
class RosterRow:
    member: Member
    attendance: Attendance | None

    @property
    def may_vote(self) -> bool:
        present = self.attendance is not None and self.attendance.status == AttendanceStatus.PRESENT
        return vote_rules.may_vote(status=self.member.status, present=present)

    @property
    def vote_note(self) -> str:
        return str(vote_rules.voting_note(self.member.status))


@dataclass
class OpinionGroup:
    item: AgendaItem | None  # None: opinions on the meeting as a whole
    opinions: list[Opinion]


@dataclass
class RunnerMeeting:
    """A meeting as its secretary sees it. Secret ballots carry turnout only until closed (see selectors_votes)."""

    meeting: Meeting
    agenda: list[AgendaItem]
    documents: list[MeetingDocument]
    roster: list[RosterRow]
    present: int
    voters: int  # E if a vote opened now (vote_rules.may_vote over the roster)
    opinions: list[OpinionGroup]
    votes: list[RunnerVote]
    minutes: Minutes | None
    resolution: Resolution | None
    tasks: list[MeetingTask]
    to_review: list[MeetingTask]  # open tasks of earlier meetings, each with `this_review` (list of 0..1)
    reviewed: list[TaskReview]
    catchup: list[CatchUpRow]
    close_preview: ClosePlan | None  # who closing would mark, while held
    check_in_open: bool


def meeting_for_runner(meeting: Meeting, now: dt.datetime | None = None) -> RunnerMeeting:
    """Everything about `meeting` (already access-checked by the caller) for the secretary's screen."""
    now = now or timezone.now()
    prefetch_related_objects(
        [meeting], Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order", "pk")), "documents"
    )
    roster = list(participants(meeting).order_by("full_name", "pk"))
    marks = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    rows = [RosterRow(member=m, attendance=marks.get(m.pk)) for m in roster]
    held_or_closed = meeting.status in READABLE_STATUSES
    return RunnerMeeting(
        meeting=meeting,
        agenda=list(meeting.agenda_items.all()),
        documents=list(meeting.documents.all()),
        roster=rows,
        present=sum(1 for a in marks.values() if a.status == AttendanceStatus.PRESENT),
        voters=sum(1 for row in rows if row.may_vote),
        opinions=[OpinionGroup(item=item, opinions=ops) for item, ops in opinions_by_item(meeting)],
        votes=votes_for_runner(meeting),
        minutes=Minutes.objects.filter(meeting=meeting).select_related("written_by", "approved_by").first(),
        resolution=Resolution.objects.filter(meeting=meeting).first(),
        tasks=list(meeting.tasks.select_related("owner").order_by("due_date", "pk")) if held_or_closed else [],
        to_review=list(tasks_to_review(meeting)) if meeting.status in OPEN_STATUSES else [],
        reviewed=list(tasks_reviewed_at(meeting)),
        catchup=catchup_status(meeting) if held_or_closed else [],
        close_preview=close_plan(meeting) if meeting.status == MeetingStatus.HELD else None,
        check_in_open=checkin.checkin_open(meeting, now),
    )


@dataclass
class CodeInfo:
    code: str | None  # None outside the check-in window
    refresh_at: dt.datetime | None  # the displayed code changes then
    valid_until: dt.datetime | None  # a code typed from the screen is still accepted until then
    opens_at: dt.datetime
    closes_at: dt.datetime


def check_in_code_info(meeting: Meeting, now: dt.datetime | None = None) -> CodeInfo:
    """The live code with its timing: checkin.py accepts the current and the previous 5-minute window, so a code
    shown now is accepted until the end of the next window (never after the meeting ends)."""
    now = now or timezone.now()
    code = checkin.checkin_code(meeting, now)
    opens_at, closes_at = meeting.starts_at - checkin.CHECKIN_OPENS_BEFORE, meeting.ends_at
    if code is None:
        return CodeInfo(code=None, refresh_at=None, valid_until=None, opens_at=opens_at, closes_at=closes_at)
    window_end = (int(now.timestamp()) // checkin.WINDOW_SECONDS + 1) * checkin.WINDOW_SECONDS
    refresh_at = dt.datetime.fromtimestamp(window_end, tz=dt.UTC)
    valid_until = min(refresh_at + dt.timedelta(seconds=checkin.WINDOW_SECONDS), closes_at)
    refresh_at = min(refresh_at, closes_at)
    return CodeInfo(code=code, refresh_at=refresh_at, valid_until=valid_until, opens_at=opens_at, closes_at=closes_at)
