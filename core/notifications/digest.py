"""The daily digest: for members who chose "tổng hợp mỗi ngày" for some kinds, one summary (a push to their
devices, or an email) of the day's unread notifications of those kinds, grouped by kind.

Rows are claimed (pushed_at set, committed) batch by batch before sending, like delivery.py: a rerun of the
day's task sends nothing twice.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core.notifications import push
from core.notifications.delivery import TITLE, email_users
from core.notifications.models import Kind, Mode, Notice, Notification, Preference, PushSubscription

LOOKBACK = dt.timedelta(days=2)
USERS_PER_BATCH = 500
LINES = 5


@dataclass
class Group:
    kind: str
    count: int
    texts: list[str]

    @property
    def label(self) -> str:
        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind


def group_rows(rows: list[tuple[int, str, str]]) -> dict[int, list[Group]]:
    """(user, kind, text) rows → each user's groups, kinds in Kind order, newest texts kept first."""
    by_user: dict[int, dict[str, Group]] = defaultdict(dict)
    for user_id, kind, text in rows:
        group = by_user[user_id].setdefault(kind, Group(kind, 0, []))
        group.count += 1
        if len(group.texts) < LINES:
            group.texts.append(text)
    order = {k: i for i, k in enumerate(Kind.values)}
    return {u: sorted(g.values(), key=lambda g: order.get(g.kind, 99)) for u, g in by_user.items()}


def digest_text(groups: list[Group]) -> str:
    total = sum(g.count for g in groups)
    head = f"Hôm nay đồng chí có {total} thông báo: " + ", ".join(f"{g.count} {g.label.lower()}" for g in groups)
    lines = [f"• {text}" for g in groups for text in g.texts]
    return "\n".join([head + ".", *lines])


def _claim(user_ids: list[int], since: dt.datetime) -> list[tuple[int, str, str]]:
    n, t, p = Notification._meta.db_table, Notice._meta.db_table, Preference._meta.db_table
    sql = (
        f"WITH c AS (SELECT n.id FROM {n} n JOIN {t} t ON t.id = n.notice_id"
        f" JOIN {p} p ON p.user_id = n.user_id AND p.kind = t.kind AND p.mode = %s"
        f" WHERE n.user_id = ANY(%s) AND n.pushed_at IS NULL AND n.read_at IS NULL AND t.created_at >= %s"
        f" FOR UPDATE OF n SKIP LOCKED)"
        f" UPDATE {n} SET pushed_at = now() FROM c, {t} t WHERE {n}.id = c.id AND t.id = {n}.notice_id"
        f" RETURNING {n}.user_id, t.kind, t.text"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Mode.DIGEST, user_ids, since])
        return list(cursor.fetchall())


def digest_run(now: dt.datetime | None = None) -> dict[str, int]:
    since = (now or timezone.now()) - LOOKBACK
    users = sorted(set(Preference.objects.filter(mode=Mode.DIGEST).values_list("user_id", flat=True)))
    stats = {"members": 0, "pushed": 0, "emailed": 0}
    for start in range(0, len(users), USERS_PER_BATCH):
        with transaction.atomic():
            rows = _claim(users[start : start + USERS_PER_BATCH], since)
        for user_id, groups in group_rows(rows).items():
            stats["members"] += 1
            _send(user_id, digest_text(groups), stats)
    return stats


def _send(user_id: int, text: str, stats: dict[str, int]) -> None:
    subs = list(PushSubscription.objects.filter(user_id=user_id)) if push.push_configured() else []
    if subs:
        outcome = push.Outcome()
        data = push.payload(title=TITLE, body=text.split("\n", 1)[0], url="/thong-bao/", tag="digest")
        for sub in subs:
            push.record(outcome, sub, push.send_one(sub, data))
        stats["pushed"] += outcome.sent
        if outcome.sent:
            return
    if settings.NOTIFY_BY_EMAIL:
        stats["emailed"] += email_users([user_id], subject=f"{TITLE}: thông báo trong ngày", body=text)
