"""notify(): the one way every feature tells members something, and the member's own actions on their centre.

    notify(kind=Kind.MEETING, text="…", url="/sinh-hoat/", audience=Audience.MEMBERS, user_ids=[…])
    notify(kind=Kind.DOCUMENT, text="…", url="/van-ban/7/", audience=Audience.COMMITTEE, actor=publisher)

A few named members (or one cell) get their rows at once, in the caller's transaction, so the caller can say how
many were told. A subtree or a whole committee gets a `Notice` in state pending and a fan-out task after commit
(core/notifications/fanout.py): INSERT … SELECT in chunks of member ids, never one task per member. Pushes and
emails follow after commit from a bounded number of tasks (core/notifications/delivery.py).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from billing_free.limits import quota_check, usage_record
from core.members.models import GONE_STATUSES, Member
from core.notifications import fanout
from core.notifications.models import Audience, FanoutState, Kind, Mode, Notice, Notification, Preference
from core.org.models import OrgUnit
from tenants.db.schema import current_schema

TEXT_MAX = 300
ASYNC_AUDIENCES = (Audience.SUBTREE, Audience.COMMITTEE)


def notice_key(*parts: object) -> str:
    """A stable idempotency key from the parts (e.g. "reminder", meeting id, month)."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:64]


def notify(
    *,
    kind: str,
    text: str,
    url: str = "",
    audience: str = Audience.MEMBERS,
    user_ids: Iterable[int] = (),
    unit: OrgUnit | None = None,
    actor: User | None = None,
    key: str | None = None,
    over_quota_allowed: bool = False,
) -> Notice:
    """Tell an audience; returns the notice (`recipients` is final for members/cell, counted by the fan-out
    otherwise). With `key`, a notice already sent under that key is reused and nobody is told twice."""
    if audience in (Audience.CELL, Audience.SUBTREE) and unit is None:
        raise ValueError("a cell or subtree audience needs its unit")
    user_ids = list(user_ids)
    # The plan's notifications per day (ADR 0034): refused before anything is written (except the platform's own
    # notices about the plan, which must reach the admins precisely when the limit is reached).
    if not over_quota_allowed:
        size = audience_size(audience=audience, user_ids=user_ids, unit=unit)
        quota_check(current_schema(), "notifications", size)
    pending = audience in ASYNC_AUDIENCES
    with transaction.atomic():
        state = FanoutState.PENDING if pending else FanoutState.DONE
        notice = _notice(kind=kind, text=text, url=url, audience=audience, unit=unit, actor=actor, key=key, state=state)
        told: list[int] = []
        if audience == Audience.MEMBERS:
            told = _insert_users(notice, user_ids)
        elif audience == Audience.CELL:
            assert unit is not None
            told = fanout.insert_members(notice, cell_id=unit.pk)
        added = len(told)
        usage_record(current_schema(), "notifications", added)  # billing_free's meter (ADR 0034), no query
        if added:
            Notice.objects.filter(pk=notice.pk).update(recipients=F("recipients") + added)
            notice.recipients += added
        transaction.on_commit(lambda: _after(notice.pk, pending, told), robust=True)
    return notice


def notify_unit_audience(*, kind: str, text: str, url: str, unit: OrgUnit | None, actor: User | None = None) -> Notice:
    """Content shown to a unit's subtree (or, with no unit, to the whole committee) tells the same members."""
    audience = Audience.COMMITTEE if unit is None else Audience.SUBTREE
    return notify(kind=kind, text=text, url=url, audience=audience, unit=unit, actor=actor)


def audience_size(*, audience: str, user_ids: list[int], unit: OrgUnit | None) -> int:
    """How many members a notice would reach (an upper bound: accounts are not required), for the quota."""
    if audience == Audience.MEMBERS:
        return len(set(user_ids))
    members = Member.objects.exclude(status__in=GONE_STATUSES)
    if audience == Audience.CELL:
        return members.filter(cell_id=unit.pk if unit else 0).count()
    if audience == Audience.SUBTREE:
        assert unit is not None
        return members.filter(cell__path__startswith=unit.path).count()
    return members.count()


def _notice(**fields: object) -> Notice:
    key = fields.pop("key")
    text, url = str(fields.pop("text"))[:TEXT_MAX], str(fields.pop("url"))[:300]
    actor = fields.pop("actor")
    assert actor is None or isinstance(actor, User)
    if key:
        notice, _ = Notice.objects.get_or_create(
            key=key, defaults={**fields, "text": text, "url": url, "created_by": actor}
        )
        return notice
    return Notice.objects.create(**fields, text=text, url=url, created_by=actor)


def _insert_users(notice: Notice, user_ids: Iterable[int]) -> list[int]:
    """The rows of named users; returns the users newly told."""
    ids = sorted({int(u) for u in user_ids if u is not None})
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Notification._meta.db_table} (notice_id, user_id) SELECT %s, u FROM unnest(%s::int[]) u"
            " ON CONFLICT DO NOTHING RETURNING user_id",
            [notice.pk, ids],
        )
        return [row[0] for row in cursor.fetchall()]


def _after(notice_id: int, pending: bool, told: list[int]) -> None:
    from core.notifications import tasks

    if pending:
        tasks.notify_fanout.delay(notice_id)
    elif told:
        tasks.deliveries_send.delay(notice_id, told)


@dataclass
class Item:
    """One notice of notify_each()."""

    key: str
    text: str
    url: str
    user_ids: set[int]


def notify_each(*, kind: str, items: list[Item]) -> int:
    """Many small notices at once (e.g. a reminder to each secretary of 10,000 cells): a few statements whatever
    the count; each item keyed, so running it again tells nobody twice. Returns the rows written."""
    if not items:
        return 0
    quota_check(current_schema(), "notifications", sum(len(i.user_ids) for i in items))  # ADR 0034
    with transaction.atomic():
        Notice.objects.bulk_create(
            [Notice(kind=kind, key=i.key, text=i.text[:TEXT_MAX], url=i.url[:300]) for i in items],
            ignore_conflicts=True,
        )
        ids = dict(Notice.objects.filter(key__in=[i.key for i in items]).values_list("key", "pk"))
        pairs_in = [(ids[i.key], u) for i in items for u in i.user_ids]
        written = 0
        with connection.cursor() as cursor:
            for start in range(0, len(pairs_in), 5000):
                chunk = pairs_in[start : start + 5000]
                cursor.execute(
                    f"INSERT INTO {Notification._meta.db_table} (notice_id, user_id)"
                    " SELECT * FROM unnest(%s::bigint[], %s::int[]) ON CONFLICT DO NOTHING",
                    [[n for n, _u in chunk], [u for _n, u in chunk]],
                )
                written += cursor.rowcount
        usage_record(current_schema(), "notifications", written)
        pairs = [(ids[i.key], sorted(i.user_ids)) for i in items]
        transaction.on_commit(lambda: _deliver_many(pairs), robust=True)
    return written


def _deliver_many(pairs: list[tuple[int, list[int]]]) -> None:
    from core.notifications import tasks

    tasks.deliveries_send_many.delay(pairs)


# --- the member's own centre ----------------------------------------------------------------------------------


def safe_local_url(url: str) -> str | None:
    """`url` if it is a path on this site ("/…", not "//host" nor "scheme:"); None otherwise."""
    url = url.strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        return None
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else None


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read (only `ids` when given); returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def notification_open(*, user: User, notification_id: int) -> str | None:
    """Mark one of the user's notifications read; returns where to go (its local URL), None if not theirs."""
    note = Notification.objects.filter(user=user, pk=notification_id).select_related("notice").first()
    if note is None:
        return None
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    return safe_local_url(note.url) or reverse("notifications:list")


@transaction.atomic
def preferences_set(*, user: User, modes: dict[str, str]) -> int:
    """The member's mode per kind (unknown kinds and modes are refused); returns how many changed."""
    valid_kinds, valid_modes = set(Kind.values), set(Mode.values)
    bad = [k for k, m in modes.items() if k not in valid_kinds or m not in valid_modes]
    if bad:
        raise ValueError(f"unknown kinds or modes: {bad}")
    current = dict(Preference.objects.filter(user=user).values_list("kind", "mode"))
    changed = {k: m for k, m in modes.items() if current.get(k, Mode.PUSH) != m}
    for kind, mode in changed.items():
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})
    if changed:
        from core.audit.services import audit_record

        audit_record(actor=user, action="notifications.preferences", target=user, changes={"modes": changed})
    return len(changed)
