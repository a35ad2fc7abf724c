"""The meeting's lifecycle after publication and what it produces.

Published → held (from the start time on) → closed (only with approved minutes; members without an attendance
mark are marked automatically; nothing can be changed afterwards). A draft or published meeting can be cancelled
with a reason. While held: minutes (draft, approved by a second member of the cell committee: four eyes), the
resolution and tasks. Tasks live on after the meeting: their owner or the secretary update their status and
later meetings of the cell review them (TaskReview rows)."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access.checks import has_perm_on
from core.access.permissions import MEETINGS_RUN
from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.approvers import minutes_approvers
from core.meetings.models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingStatus,
    MeetingTask,
    Minutes,
    MinutesStatus,
    Resolution,
    TaskReview,
    TaskStatus,
)
from core.meetings.services.common import OPEN_STATUSES, locked, require_runner
from core.members.models import Member, MemberStatus
from core.notifications.models import Kind
from core.notifications.services import notify

# Statuses of a task still to be followed up.
PENDING_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
# What the owner of a task may set; the secretary may set any status.
OWNER_TASK_STATUSES = (TaskStatus.IN_PROGRESS, TaskStatus.DONE)
AUTO_MARK_REASON = "Ghi tự động khi kết thúc buổi sinh hoạt"
APPROVERS = _("bí thư, phó bí thư chi bộ hoặc cấp ủy cấp trên")


def _require_held(meeting: Meeting, what: object) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise ValidationError(
            _("Buổi sinh hoạt đã kết thúc, không thể sửa %(what)s."), code="closed", params={"what": what}
        )
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            _("Chỉ ghi %(what)s khi buổi sinh hoạt đã diễn ra."), code="not_held", params={"what": what}
        )


# --- lifecycle ---------------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User, now: dt.datetime | None = None) -> Meeting:
    """Published → held, from the start time on (the meeting has begun); records when."""
    now = now or timezone.now()
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status != MeetingStatus.PUBLISHED:
        raise ValidationError(_("Chỉ đánh dấu đã họp cho buổi sinh hoạt đã thông báo."), code="not_published")
    if now < meeting.starts_at:
        raise ValidationError(_("Chưa đến giờ họp, chưa thể đánh dấu đã họp."), code="too_early")
    meeting.status, meeting.held_at = MeetingStatus.HELD, now
    meeting.save(update_fields=["status", "held_at"])
    audit_record(
        actor=actor, action="meeting.held", target=meeting, unit=meeting.cell, changes={"held_at": now.isoformat()}
    )
    return meeting


@dataclass(frozen=True)
class ClosePlan:
    """Members of the cell without an attendance mark and the mark closing will give them."""

    unexcused: list[Member]
    exempt: list[Member]


def close_plan(meeting: Meeting) -> ClosePlan:
    marked = Attendance.objects.filter(meeting=meeting).values("member_id")
    unmarked = list(roster.participants(meeting).exclude(pk__in=marked).order_by("full_name", "pk"))
    return ClosePlan(
        unexcused=[m for m in unmarked if m.status != MemberStatus.EXEMPT],
        exempt=[m for m in unmarked if m.status == MemberStatus.EXEMPT],
    )


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: User, now: dt.datetime | None = None) -> ClosePlan:
    """Held → closed. Requires approved minutes. Members without a mark become `exempt` (if exempt from meetings)
    or `unexcused`; afterwards opinions, attendance, minutes and resolution are locked. Returns who was marked."""
    now = now or timezone.now()
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Chỉ kết thúc buổi sinh hoạt đã diễn ra."), code="not_held")
    if not Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).exists():
        raise ValidationError(_("Cần có biên bản đã được duyệt trước khi kết thúc buổi sinh hoạt."), code="no_minutes")
    plan = close_plan(meeting)
    Attendance.objects.bulk_create(
        [
            Attendance(
                meeting=meeting, member=m, status=AttendanceStatus.UNEXCUSED, reason=AUTO_MARK_REASON, recorded_by=actor
            )
            for m in plan.unexcused
        ]
        + [
            Attendance(
                meeting=meeting, member=m, status=AttendanceStatus.EXEMPT, reason=AUTO_MARK_REASON, recorded_by=actor
            )
            for m in plan.exempt
        ]
    )
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, now
    meeting.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action="meeting.closed",
        target=meeting,
        unit=meeting.cell,
        changes={"auto_unexcused": [m.pk for m in plan.unexcused], "auto_exempt": [m.pk for m in plan.exempt]},
    )
    return plan


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User, reason: str) -> int:
    """Draft/published → cancelled with a reason; members are notified if it had been published. Returns how
    many notifications were written."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
        raise ValidationError(_("Chỉ hủy buổi sinh hoạt chưa diễn ra."), code="not_cancellable")
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Cần ghi lý do hủy buổi sinh hoạt."), code="no_reason")
    was_published = meeting.status == MeetingStatus.PUBLISHED
    meeting.status, meeting.cancelled_reason = MeetingStatus.CANCELLED, reason[:300]
    meeting.save(update_fields=["status", "cancelled_reason"])
    notified = 0
    if was_published:
        user_ids = roster.participants(meeting).filter(user__isnull=False).values_list("user_id", flat=True)
        local = timezone.localtime(meeting.starts_at)
        text = f"{meeting.cell.name}: HỦY {meeting.title} lúc {local:%H:%M ngày %d/%m/%Y}. Lý do: {reason}"
        url = reverse("meetings:mine")
        notified = notify(kind=Kind.MEETING, text=text, url=url, user_ids=user_ids, actor=actor).recipients
    audit_record(
        actor=actor,
        action="meeting.cancelled",
        target=meeting,
        unit=meeting.cell,
        changes={"reason": meeting.cancelled_reason, "was_published": was_published, "notified": notified},
    )
    return notified


# --- minutes and resolution --------------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting: Meeting, actor: User, text: str) -> Minutes:
    """The secretary writes or rewrites the draft minutes of a held meeting; refused once approved."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    _require_held(meeting, _("biên bản"))
    text = text.strip()
    if not text:
        raise ValidationError(_("Cần nhập nội dung biên bản."), code="empty")
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Biên bản đã được duyệt, không thể sửa."), code="approved")
    created = minutes is None
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text, written_by=actor)
    else:
        minutes.text, minutes.written_by = text, actor
        minutes.save(update_fields=["text", "written_by", "updated_at"])
    notified = _ask_approvers(meeting, minutes, actor) if created else 0
    audit_record(
        actor=actor,
        action="meeting.minutes_saved",
        target=meeting,
        unit=meeting.cell,
        changes={"created": created, "length": len(text), "approvers_notified": notified},
    )
    return minutes


def _ask_approvers(meeting: Meeting, minutes: Minutes, writer: User) -> int:
    """New minutes: tell who must approve them (not the writer), once per minutes; returns how many were told."""
    user_ids = [u.pk for u in minutes_approvers(meeting, exclude_user_id=writer.pk)]
    if not user_ids:
        return 0
    local = timezone.localtime(meeting.starts_at)
    # Stored once for every recipient, in the committee's language (as the other meeting notices).
    text = f"{meeting.cell.name}: biên bản {meeting.title} ngày {local:%d/%m/%Y} chờ đồng chí duyệt."
    url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk}) + "?buoc=sau-hop#bien-ban"
    notice = notify(
        kind=Kind.REMINDER, text=text, url=url, user_ids=user_ids, actor=writer, key=f"minutes-{minutes.pk}"
    )
    return notice.recipients


@transaction.atomic
def minutes_approve(*, meeting: Meeting, actor: User, now: dt.datetime | None = None) -> Minutes:
    """The cell committee approves the minutes: a MEETINGS_RUN holder over the cell other than the last writer."""
    meeting = locked(meeting)
    if not has_perm_on(actor, MEETINGS_RUN, meeting.cell):
        raise PermissionDenied(_("Biên bản do cấp ủy chi bộ duyệt: %(approvers)s.") % {"approvers": APPROVERS})
    _require_held(meeting, _("biên bản"))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(_("Chưa có biên bản để duyệt."), code="no_minutes")
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Biên bản đã được duyệt."), code="approved")
    if minutes.written_by_id == actor.pk:
        raise ValidationError(
            _("Người viết biên bản không tự duyệt được; cần một đồng chí khác trong cấp ủy (%(approvers)s) duyệt."),
            code="own_minutes",
            params={"approvers": APPROVERS},
        )
    minutes.status, minutes.approved_by, minutes.approved_at = MinutesStatus.APPROVED, actor, now or timezone.now()
    minutes.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    audit_record(
        actor=actor,
        action="meeting.minutes_approved",
        target=meeting,
        unit=meeting.cell,
        changes={"written_by": minutes.written_by_id},
    )
    return minutes


@transaction.atomic
def resolution_record(*, meeting: Meeting, actor: User, text: str) -> Resolution:
    """The meeting's resolution: recorded once the meeting is held, editable until it is closed."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    _require_held(meeting, _("nghị quyết"))
    text = text.strip()
    if not text:
        raise ValidationError(_("Cần nhập nội dung nghị quyết."), code="empty")
    resolution = Resolution.objects.select_for_update().filter(meeting=meeting).first()
    created = resolution is None
    if resolution is None:
        resolution = Resolution.objects.create(meeting=meeting, text=text, recorded_by=actor, adopted_at=timezone.now())
    else:
        resolution.text, resolution.recorded_by = text, actor
        resolution.save(update_fields=["text", "recorded_by"])
    audit_record(
        actor=actor,
        action="meeting.resolution_recorded",
        target=meeting,
        unit=meeting.cell,
        changes={"created": created, "length": len(text)},
    )
    return resolution


# --- tasks -------------------------------------------------------------------------------------------------------


@transaction.atomic
def task_add(
    *, meeting: Meeting, actor: User, title: str, due_date: dt.date, owner: Member | None = None
) -> MeetingTask:
    """A task assigned by a held meeting: owned by a member of the cell (or nobody), due on or after its date."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    _require_held(meeting, _("nhiệm vụ"))
    title = title.strip()
    if not title:
        raise ValidationError(_("Cần nhập nội dung nhiệm vụ."), code="no_title")
    if owner is not None and not roster.takes_part(meeting, owner):
        raise ValidationError(
            _("Người thực hiện phải là người dự buổi sinh hoạt (đảng viên của chi bộ)."), code="not_in_cell"
        )
    if due_date < timezone.localdate(meeting.starts_at):
        raise ValidationError(_("Hạn hoàn thành không thể trước ngày họp."), code="bad_due")
    task = MeetingTask.objects.create(
        cell=meeting.cell, meeting=meeting, title=title[:300], owner=owner, due_date=due_date, created_by=actor
    )
    audit_record(
        actor=actor,
        action="meeting.task_added",
        target=task,
        unit=meeting.cell,
        changes={
            "meeting": meeting.pk,
            "title": task.title,
            "owner": owner.pk if owner else None,
            "due": due_date.isoformat(),
        },
    )
    return task


def _set_status(task: MeetingTask, status: str, now: dt.datetime) -> None:
    task.status = status
    if status == TaskStatus.DONE:
        task.completed_at = task.completed_at or now
    else:
        task.completed_at = None
    task.save(update_fields=["status", "completed_at"])


@transaction.atomic
def task_update_status(*, task: MeetingTask, actor: User, status: str) -> MeetingTask:
    """The owner marks their own task in progress or done; the cell's secretary may set any status."""
    task = MeetingTask.objects.select_for_update(of=("self",)).select_related("cell", "owner").get(pk=task.pk)
    if status not in TaskStatus.values:
        raise ValidationError(_("Trạng thái nhiệm vụ không hợp lệ."), code="bad_status")
    runner = has_perm_on(actor, MEETINGS_RUN, task.cell)
    is_owner = task.owner is not None and task.owner.user_id == actor.pk
    if not runner:
        if not is_owner:
            raise PermissionDenied(_("Chỉ người được giao hoặc bí thư chi bộ cập nhật nhiệm vụ này."))
        if status not in OWNER_TASK_STATUSES:
            raise ValidationError(
                _("Người được giao chỉ cập nhật nhiệm vụ sang Đang thực hiện hoặc Đã hoàn thành."), code="owner_status"
            )
    old = task.status
    _set_status(task, status, timezone.now())
    audit_record(
        actor=actor,
        action="meeting.task_status",
        target=task,
        unit=task.cell,
        changes={"status": {"from": old, "to": status}, "as_owner": not runner},
    )
    return task


@dataclass(frozen=True)
class ReviewEntry:
    task: MeetingTask
    status: str
    note: str = ""


@transaction.atomic
def task_review(*, meeting: Meeting, actor: User, entries: Sequence[ReviewEntry]) -> list[TaskReview]:
    """At a later meeting of the same cell, follow up open tasks of earlier meetings: one TaskReview per task and
    meeting (a second review at the same meeting corrects the first); the task takes the reviewed status."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in OPEN_STATUSES:
        raise ValidationError(
            _("Chỉ kiểm điểm nhiệm vụ tại buổi sinh hoạt đang diễn ra hoặc sắp họp."), code="not_open"
        )
    if not entries:
        raise ValidationError(_("Chưa có nhiệm vụ nào để kiểm điểm."), code="empty")
    ids = [e.task.pk for e in entries]
    tasks = {t.pk: t for t in MeetingTask.objects.select_for_update().select_related("meeting").filter(pk__in=ids)}
    for entry in entries:
        task = tasks.get(entry.task.pk)
        if task is None or task.cell_id != meeting.cell_id or task.meeting.starts_at >= meeting.starts_at:
            raise ValidationError(_("Chỉ kiểm điểm nhiệm vụ của các kỳ họp trước của chi bộ."), code="bad_task")
        if entry.status not in TaskStatus.values:
            raise ValidationError(_("Trạng thái nhiệm vụ không hợp lệ."), code="bad_status")
        if task.status not in PENDING_TASK_STATUSES and not task.reviews.filter(meeting=meeting).exists():
            raise ValidationError(
                _("Nhiệm vụ “%(task)s” đã hoàn thành hoặc đã hủy."), code="not_pending", params={"task": task.title}
            )
    now = timezone.now()
    reviews = []
    for entry in entries:
        task = tasks[entry.task.pk]
        review, _created = TaskReview.objects.update_or_create(
            task=task,
            meeting=meeting,
            defaults={"status": entry.status, "note": entry.note.strip()[:500], "reviewed_by": actor},
        )
        if task.status != entry.status:
            _set_status(task, entry.status, now)
        reviews.append(review)
    audit_record(
        actor=actor,
        action="meeting.tasks_reviewed",
        target=meeting,
        unit=meeting.cell,
        changes={"tasks": {str(e.task.pk): e.status for e in entries}},
    )
    return reviews
