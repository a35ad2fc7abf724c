"""Cell meetings (sinh hoạt chi bộ): series, meetings, agenda, documents, opinions, attendance, proceedings,
votes, catch-up and in-app notifications."""

from core.meetings.models.meeting import AgendaItem, Meeting, MeetingDocument, MeetingKind, MeetingSeries, MeetingStatus
from core.meetings.models.notifications import CalendarFeed
from core.meetings.models.participation import Attendance, AttendanceStatus, Opinion, ReadReceipt
from core.meetings.models.proceedings import MeetingTask, Minutes, MinutesStatus, Resolution, TaskReview, TaskStatus
from core.meetings.models.votes import OpenBallot, SecretBallotCast, SecretTally, Vote, VoteChoice, VoteStatus, Withheld

__all__ = [
    "AgendaItem",
    "Attendance",
    "AttendanceStatus",
    "CalendarFeed",
    "Meeting",
    "MeetingDocument",
    "MeetingKind",
    "MeetingSeries",
    "MeetingStatus",
    "MeetingTask",
    "Minutes",
    "MinutesStatus",
    "OpenBallot",
    "Opinion",
    "ReadReceipt",
    "Resolution",
    "SecretBallotCast",
    "SecretTally",
    "TaskReview",
    "TaskStatus",
    "Vote",
    "VoteChoice",
    "VoteStatus",
    "Withheld",
]
