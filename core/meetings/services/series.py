"""Recurring monthly meetings: a cell's series (day, time, place), the draft meeting of the current and next
month generated ahead (`series_materialise`, daily from beat), one month's meeting edited on its own (the
override: generation never touches a month that already has its meeting), and the reminder to secretaries on
the 15th when next month's meeting is still a draft (Hà Nội secretaries publish by the 20th)."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit.services import audit_record
from core.meetings import roster
from core.meetings.models import Meeting, MeetingKind, MeetingSeries, MeetingStatus
from core.meetings.services.common import clean_online_url, locked, require_runner
from core.meetings.services.reminders import remind_secretaries
from core.meetings.services.scheduling import MAX_DURATION
from core.notifications.models import Kind
from core.notifications.services import notify
from core.org.models import MEMBER_HOLDING_KINDS, OrgUnit

REMINDER_DAY = 15
PUBLISH_BY_DAY = 20


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def series_times(series: MeetingSeries, month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """When the series' meeting of `month` starts and ends (local time of the deployment)."""
    local = dt.datetime.combine(
        month.replace(day=series.day_of_month), series.start_time, tzinfo=timezone.get_default_timezone()
    )
    return local, local + dt.timedelta(minutes=series.duration_minutes)


def _untouched(meeting: Meeting, series: MeetingSeries) -> bool:
    """A generated draft nobody edited yet (same times, place and title, no agenda, no documents)."""
    assert meeting.series_month is not None
    starts_at, ends_at = series_times(series, meeting.series_month)
    return (
        meeting.status == MeetingStatus.DRAFT
        and meeting.starts_at == starts_at
        and meeting.ends_at == ends_at
        and meeting.place == series.place
        and meeting.title == series.title
        and not meeting.online_url
        and not meeting.agenda_items.exists()
        and not meeting.documents.exists()
    )


def _retire(old: MeetingSeries, replacement: MeetingSeries | None, today: dt.date) -> dict[str, int]:
    """Deactivate `old`; its future untouched drafts go (regenerated from the replacement), edited ones stay as
    overrides and move to the replacement so that month is not generated twice."""
    old.active = False
    old.save(update_fields=["active"])
    dropped = kept = 0
    for meeting in old.meetings.filter(series_month__gte=month_start(today)):
        if _untouched(meeting, old):
            meeting.delete()
            dropped += 1
        elif replacement is not None:
            meeting.series = replacement
            meeting.save(update_fields=["series"])
            kept += 1
    return {"dropped": dropped, "kept": kept}


@transaction.atomic
def series_set(
    *,
    cell: OrgUnit,
    day_of_month: int,
    start_time: dt.time,
    actor: User,
    duration_minutes: int = 120,
    place: str = "",
    title: str = "",
    today: dt.date | None = None,
) -> MeetingSeries:
    """Create the cell's monthly series, replacing (deactivating) the active one; generates the drafts ahead."""
    require_runner(actor, cell)
    today = today or timezone.localdate()
    if cell.kind not in MEMBER_HOLDING_KINDS or not cell.is_open:
        raise ValidationError(_("Chỉ lập lịch sinh hoạt cho chi bộ hoặc tổ đảng đang hoạt động."), code="bad_cell")
    if not 1 <= day_of_month <= 28:
        raise ValidationError(_("Ngày sinh hoạt hằng tháng phải từ 1 đến 28."), code="bad_day")
    if not 15 <= duration_minutes <= MAX_DURATION.total_seconds() // 60:
        raise ValidationError(_("Thời lượng phải từ 15 phút đến 12 giờ."), code="bad_duration")
    old = MeetingSeries.objects.select_for_update().filter(cell=cell, active=True).first()
    if old is not None:
        old.active = False
        old.save(update_fields=["active"])  # the one-active-per-cell constraint must be free first
    series = MeetingSeries.objects.create(
        cell=cell,
        title=title.strip() or "Sinh hoạt chi bộ thường kỳ",
        day_of_month=day_of_month,
        start_time=start_time,
        duration_minutes=duration_minutes,
        place=place.strip(),
        starts_month=month_start(today),
        created_by=actor,
    )
    retired = _retire(old, series, today) if old is not None else None
    audit_record(
        actor=actor,
        action="meeting.series_set",
        target=series,
        unit=cell,
        changes={
            "day_of_month": day_of_month,
            "start_time": start_time.strftime("%H:%M"),
            "duration_minutes": duration_minutes,
            "place": series.place,
            "replaced": old.pk if old else None,
            "old_drafts": retired,
        },
    )
    _materialise([series], today)
    return series


@transaction.atomic
def series_stop(*, series: MeetingSeries, actor: User, today: dt.date | None = None) -> None:
    """No more meetings generated; future drafts nobody edited are removed, edited ones stay."""
    series = MeetingSeries.objects.select_for_update().select_related("cell").get(pk=series.pk)
    require_runner(actor, series.cell)
    if not series.active:
        raise ValidationError(_("Lịch định kỳ này đã dừng."), code="inactive")
    retired = _retire(series, None, today or timezone.localdate())
    audit_record(actor=actor, action="meeting.series_stopped", target=series, unit=series.cell, changes=retired)


BATCH = 1000  # series per round of the daily run: four queries each, whatever the number of cells


def _hand_scheduled(series_list: list[MeetingSeries], months: tuple[dt.date, dt.date]) -> set[tuple[int, dt.date]]:
    """(cell, month) pairs that already have a regular meeting not generated by the cell's series in `months`:
    the secretary scheduled that month by hand (or it came from an older series), so it is not generated."""
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(next_month(months[-1]), dt.time.min, tzinfo=tz)
    series_of_cell = {s.cell_id: s.pk for s in series_list}
    rows = (
        Meeting.objects.filter(
            cell_id__in=series_of_cell, kind=MeetingKind.REGULAR, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("cell_id", "series_id", "starts_at")
    )
    return {
        (cell_id, month_start(timezone.localtime(starts_at, tz).date()))
        for cell_id, series_id, starts_at in rows
        if series_id != series_of_cell[cell_id]
    }


def _materialise(series_list: list[MeetingSeries], today: dt.date) -> list[Meeting]:
    """The missing drafts of this and next month for `series_list` (one active series per cell), set-based:
    existing months and hand-scheduled months are read in two queries and the drafts inserted in one."""
    first = month_start(today)
    months = (first, next_month(first))
    by_id = {s.pk: s for s in series_list}
    existing = set(
        Meeting.objects.filter(series_id__in=by_id, series_month__in=months).values_list("series_id", "series_month")
    )
    by_hand = _hand_scheduled(series_list, months)
    drafts = []
    for series in series_list:
        for month in months:
            if month < series.starts_month or (series.pk, month) in existing or (series.cell_id, month) in by_hand:
                continue  # an existing month is never touched (the override); hand-scheduled months are kept
            starts_at, ends_at = series_times(series, month)
            if starts_at.date() < today:
                continue  # past days are not generated
            drafts.append(
                {
                    "cell_id": series.cell_id,
                    "title": series.title,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "place": series.place,
                    "series": series,
                    "series_month": month,
                    "created_by_id": series.created_by_id,
                }
            )
    try:
        with transaction.atomic():
            return Meeting.objects.bulk_create(Meeting(**fields) for fields in drafts)
    except IntegrityError:
        pass  # a concurrent run created some of these months first: insert one by one and skip those
    created = []
    for fields in drafts:
        try:
            with transaction.atomic():  # the unique (series, month) constraint decides who wins
                created.append(Meeting.objects.create(**fields))
        except IntegrityError:
            continue
    return created


def series_materialise(today: dt.date | None = None) -> list[Meeting]:
    """The draft meeting of the current and the next month for every active series; idempotent. Works in
    batches of BATCH series, so a tenant of 20,000 cells costs about eighty queries a day, not 80,000."""
    today = today or timezone.localdate()
    created: list[Meeting] = []
    active = MeetingSeries.objects.filter(active=True, cell__valid_to__isnull=True).order_by("pk")
    last_pk = 0
    while batch := list(active.filter(pk__gt=last_pk)[:BATCH]):
        created.extend(_materialise(batch, today))
        last_pk = batch[-1].pk
    return created


def series_remind(today: dt.date | None = None) -> int:
    """On the 15th: a notification to each secretary of a cell whose next-month meeting is still a draft.
    Runs once a day; running again does not repeat a reminder already sent. Returns how many were sent."""
    today = today or timezone.localdate()
    if today.day != REMINDER_DAY:
        return 0
    month = next_month(month_start(today))
    drafts = Meeting.objects.filter(series__active=True, series_month=month, status=MeetingStatus.DRAFT)
    return remind_secretaries(
        drafts,
        lambda meeting: (
            f"{meeting.cell.name}: buổi sinh hoạt tháng {month:%m/%Y} vẫn chưa được thông báo; "
            f"đồng chí hoàn thiện nội dung và thông báo trước ngày {PUBLISH_BY_DAY}."
        ),
    )


def _notify_members(meeting: Meeting, text: str) -> int:
    user_ids = roster.participants(meeting).filter(user__isnull=False).values_list("user_id", flat=True)
    url = reverse("meetings:mine")
    return notify(kind=Kind.MEETING, text=text, url=url, user_ids=user_ids).recipients


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    actor: User,
    place: str = "",
    topic: str = "",
    title: str = "",
    online_url: str = "",
) -> Meeting:
    """Change one meeting (e.g. one month of a series): time, place, online link, topic, title. Draft or
    published only; members are notified of a change to a published meeting."""
    meeting = locked(meeting)
    require_runner(actor, meeting.cell)
    if meeting.status not in (MeetingStatus.DRAFT, MeetingStatus.PUBLISHED):
        raise ValidationError(_("Chỉ sửa được buổi sinh hoạt chưa diễn ra."), code="not_editable")
    title = title.strip() or meeting.title
    if ends_at <= starts_at:
        raise ValidationError(_("Giờ kết thúc phải sau giờ bắt đầu."), code="bad_times")
    if ends_at - starts_at > MAX_DURATION:
        raise ValidationError(_("Buổi sinh hoạt không thể kéo dài quá 12 giờ."), code="too_long")
    if starts_at < timezone.now() and starts_at != meeting.starts_at:
        raise ValidationError(_("Không thể dời buổi sinh hoạt về thời điểm đã qua."), code="in_past")
    new = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place.strip(),
        "online_url": clean_online_url(online_url),
        "topic": topic.strip(),
        "title": title,
    }
    changes = {
        field: {"from": _plain(getattr(meeting, field)), "to": _plain(value)}
        for field, value in new.items()
        if getattr(meeting, field) != value
    }
    if not changes:
        return meeting
    for field, value in new.items():
        setattr(meeting, field, value)
    meeting.save(update_fields=list(new))
    notified = 0
    if meeting.status == MeetingStatus.PUBLISHED:
        local = timezone.localtime(meeting.starts_at)
        text = f"Thay đổi lịch sinh hoạt — {meeting.cell.name}: {meeting.title} lúc {local:%H:%M ngày %d/%m/%Y}"
        if meeting.place:
            text += f" tại {meeting.place}"
        if meeting.online_url:
            text += " (có họp trực tuyến)"
        notified = _notify_members(meeting, text)
    audit_record(
        actor=actor,
        action="meeting.rescheduled",
        target=meeting,
        unit=meeting.cell,
        changes={**changes, "notified": notified},
    )
    return meeting


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.datetime) else value
