"""Sentences of cell meeting entries in the audit log (core/audit/sentences.py).

A secret ballot's entry has no choice (ADR 0008), so its sentence says only that the member voted."""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.names import register_names
from core.audit.sentences import Entry, Ref, day, label, sentence
from core.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingSeries, MeetingTask, TaskStatus
from core.meetings.models.votes import VoteChoice, Withheld

WHAT: dict[str, str] = {MeetingKind.REGULAR: "buổi sinh hoạt", MeetingKind.THEMATIC: "buổi sinh hoạt chuyên đề"}


def _meetings(ids: list[int]) -> dict[int, str]:
    out = {}
    for pk, kind, starts_at in Meeting.objects.filter(pk__in=ids).values_list("pk", "kind", "starts_at"):
        what = WHAT.get(kind, "cuộc họp cấp ủy")
        out[pk] = f"{what} {timezone.localtime(starts_at):%d/%m/%Y}"
    return out


def _tasks(ids: list[int]) -> dict[int, str]:
    return {
        pk: f"nhiệm vụ “{title}”" for pk, title in MeetingTask.objects.filter(pk__in=ids).values_list("pk", "title")
    }


def _series(ids: list[int]) -> dict[int, str]:
    rows = MeetingSeries.objects.filter(pk__in=ids).values_list("pk", "cell__name")
    return {pk: f"lịch sinh hoạt định kỳ của {cell}" for pk, cell in rows}


register_names("meeting", _meetings, target_types=("Meeting",))
register_names("task", _tasks, target_types=("MeetingTask",))
register_names("series", _series, target_types=("MeetingSeries",))
register_names("feed", lambda ids: dict.fromkeys(ids, "lịch cá nhân"), target_types=("CalendarFeed",))


def _member(event: Any) -> Iterable[Ref]:
    return [("member", event.changes.get("member"))] if isinstance(event.changes, dict) else []


def _members(event: Any) -> Iterable[Ref]:
    changes = event.changes if isinstance(event.changes, dict) else {}
    ids = [*changes.get("members", []), *changes.get("auto_unexcused", []), *changes.get("auto_exempt", [])]
    return [("member", pk) for pk in ids]


def _meeting_of_task(event: Any) -> Iterable[Ref]:
    return [("meeting", event.changes.get("meeting"))] if isinstance(event.changes, dict) else []


def _simple(action: str, text: str, label_text: Any) -> None:
    def render(e: Entry) -> str:
        return f"{e.actor} {text} {e.target}."

    sentence(action, label_text)(render)


_simple("meeting.held", "bắt đầu", _("Bắt đầu buổi sinh hoạt"))
_simple("meeting.minutes_approved", "duyệt biên bản", _("Duyệt biên bản"))
_simple("meeting.calendar_feed_reset", "cấp lại đường dẫn", _("Cấp lại đường dẫn lịch"))


@sentence("meeting.scheduled", _("Lên lịch sinh hoạt"))
def _scheduled(e: Entry) -> str:
    return f"{e.actor} lên lịch {e.target}: “{e.changes.get('title', '')}”."


@sentence("meeting.agenda_added", _("Thêm nội dung sinh hoạt"))
def _agenda(e: Entry) -> str:
    return f"{e.actor} thêm nội dung “{e.changes.get('title', '')}” vào {e.target}."


@sentence("meeting.published", _("Thông báo buổi sinh hoạt"))
def _published(e: Entry) -> str:
    return f"{e.actor} thông báo {e.target} tới {e.changes.get('notified', 0)} đảng viên."


@sentence("meeting.rescheduled", _("Thay đổi lịch sinh hoạt"))
def _rescheduled(e: Entry) -> str:
    when = f" sang {day(e.to('starts_at'))}" if "starts_at" in e.changes else ""
    return f"{e.actor} thay đổi lịch {e.target}{when}."


@sentence("meeting.cancelled", _("Huỷ buổi sinh hoạt"))
def _cancelled(e: Entry) -> str:
    reason = f" (lý do: {e.changes['reason']})" if e.changes.get("reason") else ""
    return f"{e.actor} huỷ {e.target}{reason}."


@sentence("meeting.closed", _("Kết thúc buổi sinh hoạt"), refs=_members)
def _closed(e: Entry) -> str:
    absent = len(e.changes.get("auto_unexcused", []))
    return f"{e.actor} kết thúc {e.target}; {absent} đồng chí chưa điểm danh được ghi vắng không lý do."


@sentence("meeting.attendance_set", _("Ghi điểm danh"), refs=_member)
def _attendance(e: Entry) -> str:
    mark = label(AttendanceStatus, e.to("status"))
    return f"{e.actor} ghi {mark} cho {e.member(e.changes.get('member'))}, {e.target}."


@sentence("meeting.checked_in", _("Điểm danh bằng mã"))
def _checked_in(e: Entry) -> str:
    return f"{e.actor} điểm danh có mặt tại {e.target} bằng mã."


@sentence("meeting.opinion_submitted", _("Góp ý kiến"))
def _opinion(e: Entry) -> str:
    return f"{e.actor} gửi ý kiến cho {e.target}{e.for_whom}."


@sentence("meeting.opinion_edited", _("Sửa ý kiến"))
def _opinion_edited(e: Entry) -> str:
    return f"{e.actor} sửa ý kiến đã gửi cho {e.target}."


@sentence("meeting.read", _("Đọc nội dung buổi sinh hoạt"))
def _read(e: Entry) -> str:
    return f"{e.actor} đã đọc nội dung {e.target}."


@sentence("meeting.read_briefed", _("Phổ biến lại nội dung cho đảng viên vắng"))
def _briefed(e: Entry) -> str:
    return f"{e.actor} ghi đã phổ biến nội dung {e.target}{e.for_whom}."


@sentence("meeting.document_attached", _("Đính kèm tài liệu"))
def _attached(e: Entry) -> str:
    return f"{e.actor} đính kèm tài liệu “{e.changes.get('title', '')}” vào {e.target}."


@sentence("meeting.document_removed", _("Gỡ tài liệu"))
def _doc_removed(e: Entry) -> str:
    return f"{e.actor} gỡ tài liệu “{e.changes.get('title', '')}” khỏi {e.target}."


@sentence("meeting.minutes_saved", _("Ghi biên bản"))
def _minutes(e: Entry) -> str:
    return f"{e.actor} {'lập' if e.changes.get('created') else 'sửa'} biên bản {e.target}."


@sentence("meeting.resolution_recorded", _("Ghi nghị quyết"))
def _resolution(e: Entry) -> str:
    return f"{e.actor} {'ghi' if e.changes.get('created') else 'sửa'} nghị quyết của {e.target}."


@sentence("meeting.task_added", _("Giao nhiệm vụ"), refs=_meeting_of_task)
def _task_added(e: Entry) -> str:
    meeting = e.name("meeting", e.changes.get("meeting"))
    return f"{e.actor} giao {e.target} (hạn {day(e.changes.get('due'))}) tại {meeting}."


@sentence("meeting.task_status", _("Cập nhật tiến độ nhiệm vụ"))
def _task_status(e: Entry) -> str:
    return f"{e.actor} ghi {e.target}: {label(TaskStatus, e.to('status'))}."


@sentence("meeting.tasks_reviewed", _("Kiểm điểm nhiệm vụ"))
def _reviewed(e: Entry) -> str:
    return f"{e.actor} kiểm điểm {len(e.changes.get('tasks') or {})} nhiệm vụ tại {e.target}."


@sentence("meeting.series_set", _("Đặt lịch sinh hoạt định kỳ"))
def _series_set(e: Entry) -> str:
    c = e.changes
    return f"{e.actor} đặt {e.target}: ngày {c.get('day_of_month')} hằng tháng lúc {c.get('start_time', '')}."


@sentence("meeting.series_stopped", _("Dừng lịch sinh hoạt định kỳ"))
def _series_stopped(e: Entry) -> str:
    return f"{e.actor} dừng {e.target}."


@sentence("meeting.vote_opened", _("Mở biểu quyết"))
def _vote_opened(e: Entry) -> str:
    kind = "kín" if e.changes.get("secret") else "công khai"
    return f"{e.actor} mở biểu quyết {kind} “{e.changes.get('question', '')}” tại {e.target}."


@sentence("meeting.vote_ballot_open", _("Biểu quyết công khai"), refs=_member)
def _ballot_open(e: Entry) -> str:
    choice = label(VoteChoice, e.changes.get("choice"))
    who = e.member(e.changes.get("member"))
    if e.changes.get("proxy"):
        return f"{e.actor} ghi phiếu “{choice}” thay cho {who} tại {e.target}."
    return f"{e.actor} biểu quyết “{choice}” tại {e.target}."


@sentence("meeting.vote_ballot_secret", _("Bỏ phiếu kín"), refs=_member)
def _ballot_secret(e: Entry) -> str:
    return f"{e.actor} ghi nhận {e.member(e.changes.get('member'))} đã bỏ phiếu kín tại {e.target}."


@sentence("meeting.vote_paper_ballots", _("Ghi phiếu giấy"), refs=_members)
def _paper(e: Entry) -> str:
    return f"{e.actor} ghi {e.changes.get('papers', 0)} phiếu giấy tại {e.target}."


@sentence("meeting.vote_closed", _("Kết thúc biểu quyết"))
def _vote_closed(e: Entry) -> str:
    """A withheld secret ballot (ADR 0008) has no counts in its entry: the sentence says why, never "0 tán thành"."""
    c = e.changes
    taking_part = f"{c.get('participants', 0)}/{c.get('eligible', 0)} đồng chí tham gia"
    turnout = f"{e.actor} kết thúc biểu quyết tại {e.target}: {taking_part}"
    if c.get("withheld"):
        reason = f" (lý do dừng: {c['below_quorum_reason']})" if c.get("below_quorum_reason") else ""
        return f"{turnout}, không công bố số phiếu — {label(Withheld, c['withheld'])}{reason}."
    return f"{turnout}, {c.get('yes', 0)} tán thành."
