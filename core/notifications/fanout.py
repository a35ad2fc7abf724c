"""Set-based fan-out: the rows of one notice for a cell, a subtree or a whole committee.

One INSERT … SELECT per chunk of member ids (NOTIFY_FANOUT_CHUNK ids, 100,000 by default: a 470,000-member
committee is five statements), each chunk in its own transaction together with the notice's cursor. A worker
killed mid-chunk rolls back that chunk only; the task's message comes back (acks late, ADR 0018) and the run
resumes after the cursor. The unique (notice, user) pair with ON CONFLICT DO NOTHING makes even a replayed chunk
write nothing twice.
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from billing_free.limits import usage_record
from core.members.models import GONE_STATUSES, Member
from core.notifications.models import Audience, FanoutState, Notice, Notification
from core.org.models import OrgUnit
from tenants.db.schema import current_schema

_GONE = [str(s) for s in GONE_STATUSES]


def _select(where: str) -> str:
    return (
        f"INSERT INTO {Notification._meta.db_table} (notice_id, user_id) "
        f"SELECT %s, m.user_id FROM {Member._meta.db_table} m "
        f"{where} AND m.user_id IS NOT NULL AND NOT (m.status = ANY(%s)) ON CONFLICT DO NOTHING"
    )


def insert_members(notice: Notice, *, cell_id: int) -> list[int]:
    """The members of one cell (with an account, still in the cell's life): one statement; the users told."""
    with connection.cursor() as cursor:
        cursor.execute(_select("WHERE m.cell_id = %s") + " RETURNING user_id", [notice.pk, cell_id, _GONE])
        return [row[0] for row in cursor.fetchall()]


def _chunk(notice: Notice, low: int, high: int) -> int:
    params: list[int | str] = [notice.pk, low, high]
    where = "WHERE m.id > %s AND m.id <= %s"
    if notice.audience == Audience.SUBTREE:
        unit = OrgUnit.objects.filter(pk=notice.unit_id or 0).values_list("path", flat=True).first() or "-none-"
        where = f"JOIN {OrgUnit._meta.db_table} u ON u.id = m.cell_id WHERE m.id > %s AND m.id <= %s AND u.path LIKE %s"
        params.append(unit.replace("%", r"\%").replace("_", r"\_") + "%")
    elif notice.audience != Audience.COMMITTEE:
        raise ValueError(f"no fan-out for audience {notice.audience}")
    with connection.cursor() as cursor:
        cursor.execute(_select(where), [*params, _GONE])
        return cursor.rowcount


def _member_id_range() -> tuple[int, int]:
    """The lowest and highest member id (0, 0 without members)."""
    first = Member.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    last = Member.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return first, last


def fanout_run(notice_id: int, *, chunk: int | None = None) -> Notice | None:
    """Write the notice's remaining rows chunk by chunk (settings.NOTIFY_FANOUT_CHUNK member ids each); returns
    the finished notice (None if it is gone)."""
    chunk = chunk or settings.NOTIFY_FANOUT_CHUNK
    Notice.objects.filter(pk=notice_id).update(runs=F("runs") + 1)
    first, last = _member_id_range()
    while True:
        with transaction.atomic():
            notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
            if notice is None:
                return None
            if notice.state == FanoutState.DONE:
                return notice
            if notice.cursor >= last:
                notice.state, notice.finished_at = FanoutState.DONE, timezone.now()
                notice.save(update_fields=["state", "finished_at"])
                return notice
            low = max(notice.cursor, first - 1)  # ids below the first member hold nobody: no statement for them
            high = min(low + chunk, last)
            added = _chunk(notice, low, high)
            usage_record(current_schema(), "notifications", added)  # billing_free's meter (ADR 0034)
            notice.cursor, notice.recipients, notice.statements = high, notice.recipients + added, notice.statements + 1
            notice.save(update_fields=["cursor", "recipients", "statements"])
