"""Pushes and emails of a notice whose rows are written, in batches from one task per notice.

Reachable members (a device, or an address when mail is on) are taken in batches of user ids; each batch claims
its rows first (UPDATE … SET pushed_at through the (user, notice) key, committed), then sends: a task that is
retried or runs twice never sends a row again — delivery outside the app is at most once, while
the in-app row is exactly once (docs/adr/0026). Members who chose "in-app only" or the daily digest for the
notice's kind are skipped here (the digest picks up the latter).
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mass_mail
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse

from core.notifications import push
from core.notifications.models import FanoutState, Mode, Notice, Notification, Preference, PushSubscription

BATCH = 500
THREADS = 8
TITLE = "Sổ tay đảng viên"


@dataclass
class Sent:
    batches: int = 0
    pushed: int = 0
    emailed: int = 0
    pruned: int = 0
    failed: int = 0
    users: set[int] = field(default_factory=set)


def _candidates(notice: Notice, *, mail: bool, after: int, batch: int, among: list[int] | None) -> list[int]:
    """The next users (by id) who may be reached outside the app: a device, or an address when mail is on; not
    those who chose in-app only or the digest for this kind; only `among` when the recipients are known (a few
    members, a cell), every reachable member otherwise (a committee-wide notice)."""
    pref, sub, user = Preference._meta.db_table, PushSubscription._meta.db_table, User._meta.db_table
    reachable = f"SELECT user_id AS uid FROM {sub} WHERE user_id > %s"
    params: list[int] = [after]
    if mail:
        reachable += f" UNION SELECT id FROM {user} WHERE id > %s AND email <> '' AND is_active"
        params.append(after)
    known = " AND r.uid = ANY(%s)" if among is not None else ""
    sql = (
        f"SELECT r.uid FROM ({reachable}) r WHERE r.uid NOT IN"
        f" (SELECT user_id FROM {pref} WHERE kind = %s AND mode <> %s){known} ORDER BY r.uid LIMIT %s"
    )
    extra: list[list[int]] = [among] if among is not None else []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, notice.kind, Mode.PUSH, *extra, batch])
        return [row[0] for row in cursor.fetchall()]


def _claim(notice: Notice, user_ids: list[int]) -> list[tuple[int, int]]:
    """Mark these users' rows of the notice as carried (one UPDATE through the (user, notice) key); a row another
    run claimed first is not returned. Committed before anything is sent."""
    n = Notification._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {n} SET pushed_at = now() WHERE user_id = ANY(%s) AND notice_id = %s AND pushed_at IS NULL"
            " RETURNING id, user_id",
            [user_ids, notice.pk],
        )
        return list(cursor.fetchall())


def deliver(notice_id: int, *, user_ids: list[int] | None = None, batch: int = BATCH) -> Sent:
    """Push or email the notice's rows; `user_ids`: its recipients when known (small audiences)."""
    sent = Sent()
    notice = Notice.objects.filter(pk=notice_id, state=FanoutState.DONE).first()
    mail = bool(settings.NOTIFY_BY_EMAIL)
    if notice is None or not (push.push_configured() or mail):
        return sent
    after = 0
    while users := _candidates(notice, mail=mail, after=after, batch=batch, among=user_ids):
        after = users[-1]
        with transaction.atomic():
            rows = _claim(notice, users)
        if rows:
            sent.batches += 1
            _send_batch(notice, {user_id: row_id for row_id, user_id in rows}, sent, mail=mail)
    Notice.objects.filter(pk=notice.pk).update(pushed=F("pushed") + sent.pushed + sent.emailed)
    return sent


def _send_batch(notice: Notice, row_of: dict[int, int], sent: Sent, *, mail: bool) -> None:
    subs = list(PushSubscription.objects.filter(user_id__in=row_of)) if push.push_configured() else []
    with_device = {s.user_id for s in subs}
    if subs:
        outcome = push.Outcome()

        def one(sub: PushSubscription) -> tuple[PushSubscription, int]:
            url = reverse("notifications:open", kwargs={"notification_id": row_of[sub.user_id]})
            data = push.payload(title=TITLE, body=notice.text, url=url, tag=f"n{notice.pk}")
            return sub, push.send_one(sub, data)

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = list(pool.map(one, subs))
        for sub, status in results:
            push.record(outcome, sub, status)
        sent.pushed += outcome.sent
        sent.pruned += outcome.pruned
        sent.failed += outcome.failed
    if mail:
        to_mail = [u for u in row_of if u not in with_device]
        sent.emailed += email_users(to_mail, subject=TITLE, body=_mail_body(notice.text, notice.url))


def _mail_body(text: str, url: str) -> str:
    return f"{text}\n\n{url}\n\n— Sổ tay đảng viên điện tử" if url else f"{text}\n\n— Sổ tay đảng viên điện tử"


def email_users(user_ids: list[int], *, subject: str, body: str) -> int:
    if not user_ids:
        return 0
    addresses = User.objects.filter(pk__in=user_ids, is_active=True).exclude(email="").values_list("email", flat=True)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [a]) for a in addresses]
    if not messages:
        return 0
    try:
        return send_mass_mail(messages)
    except OSError:  # the mail server is down: the in-app rows are there; nothing to retry here
        return 0
