"""Context of the secretary's meeting page (views.detail, three steps — ADR 0032).

The page renders `screen`, the typed read model the secretary's API returns (`selectors_secretary
.meeting_for_runner`, a `RunnerMeeting`): roster rows with their attendance, present count and E, agenda, opinions,
votes, minutes, resolution, tasks, tasks to review, catch-up and the closing preview. Web and phone read the meeting
the same way, and every membership list on the page is the roster's. Only what the page alone needs is added here:
which buttons show, the task statuses, the earliest due date and who may approve the minutes."""

import datetime as dt
from typing import Any

from django.utils import timezone

from core.meetings.approvers import minutes_approvers
from core.meetings.models import MeetingStatus, MinutesStatus, TaskStatus
from core.meetings.selectors_secretary import RunnerMeeting


def page_context(screen: RunnerMeeting, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    meeting, minutes = screen.meeting, screen.minutes
    approvers = []
    if minutes is not None and minutes.status != MinutesStatus.APPROVED:
        approvers = minutes_approvers(meeting, exclude_user_id=minutes.written_by_id)
    return {
        "screen": screen,
        "meeting": meeting,
        "p_can_mark_held": meeting.status == MeetingStatus.PUBLISHED and now >= meeting.starts_at,
        "p_can_cancel": meeting.status in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED),
        "p_editable": meeting.status == MeetingStatus.HELD,
        "p_task_statuses": TaskStatus.choices,
        "p_min_due": timezone.localdate(meeting.starts_at).isoformat(),
        "p_approvers": approvers,
    }
