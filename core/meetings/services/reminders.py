"""Reminders to secretaries, sent by the daily meetings task: once per secretary, meeting and text however often
the task runs. `remind_secretaries` is the shared part (set-based: one query for the secretaries of a batch, then
core/notifications' notify_each, whose notices are keyed by meeting and text so a reminder is sent once);
`remind_unmarked` nags about meetings whose day has passed without being marked held, so they do not silently
count as "not held" in the statistics."""

import datetime as dt
from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from core.access.models import Role, RoleGrant
from core.meetings.models import Meeting, MeetingStatus
from core.notifications.models import Kind
from core.notifications.services import Item, notice_key, notify_each

BATCH = 1000
UNMARKED_LOOKBACK = dt.timedelta(days=14)  # older forgotten meetings are the statistics' business, not a nag


def remind_secretaries(
    meetings: QuerySet[Meeting], text_for: Callable[[Meeting], str], *, also_scheduler: bool = False
) -> int:
    """A notification linking to each meeting's page for the cell secretaries of its unit (and, with
    `also_scheduler`, whoever scheduled it: a committee meeting has no cell secretary), unless that user already
    has the same reminder. Returns how many were sent."""
    sent = 0
    last_pk = 0
    while batch := list(meetings.filter(pk__gt=last_pk).select_related("cell").order_by("pk")[:BATCH]):
        last_pk = batch[-1].pk
        recipients: dict[int, set[int]] = {}
        grants = RoleGrant.objects.filter(role=Role.CELL_SECRETARY, unit_id__in={m.cell_id for m in batch})
        for unit_id, user_id in grants.values_list("unit_id", "user_id"):
            recipients.setdefault(unit_id, set()).add(user_id)
        items: list[Item] = []
        for meeting in batch:
            url = reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})
            text = text_for(meeting)[:300]
            users: Iterable[int] = recipients.get(meeting.cell_id, set()) | (
                {meeting.created_by_id} if also_scheduler and meeting.created_by_id else set()
            )
            if users:
                key = notice_key("meeting-reminder", url, text)
                items.append(Item(key=key, text=text, url=url, user_ids=set(users)))
        sent += notify_each(kind=Kind.REMINDER, items=items)
    return sent


def remind_unmarked(today: dt.date | None = None) -> int:
    """Published meetings that ended before today (within the last two weeks) and were never marked held."""
    today = today or timezone.localdate()
    tz = timezone.get_default_timezone()
    midnight = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    forgotten = Meeting.objects.filter(
        status=MeetingStatus.PUBLISHED, ends_at__lt=midnight, ends_at__gte=midnight - UNMARKED_LOOKBACK
    )

    def text(meeting: Meeting) -> str:
        day = timezone.localtime(meeting.starts_at, tz)
        return (
            f"{meeting.cell.name}: buổi sinh hoạt ngày {day:%d/%m/%Y} chưa được ghi nhận đã họp; "
            "đồng chí đánh dấu đã họp (điểm danh, biên bản) hoặc hủy nếu buổi sinh hoạt không diễn ra."
        )

    return remind_secretaries(forgotten, text, also_scheduler=True)
