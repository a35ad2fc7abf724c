"""Notifications benchmark (issue 17): one notice to a whole committee of 472,869 members with accounts.

- fan-out: time from notify() until every member's centre shows the notice, with the number of tasks and INSERT
  statements it took (target ≤ 30 s);
- a member's centre afterwards: unread count and first page, server time;
- push delivery: 1,000 devices subscribed on a push service on localhost (tests/core/notifications/fake_push.py),
  encrypted and sent in batches by the one delivery task.

Run by `make bench ARGS=notifications` (BENCH_DATABASE_URL set by infra/dev/bench.py). Figures are noisy when other
processes share the two cores.
"""

import statistics
import time
from typing import Any

from tests.bench.setup import bench_tenant, django_on_bench_db

MEMBERS = 472_869
DEVICES = 1_000
TARGET_S = 30.0

ACCOUNTS_SQL = [
    "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,"
    " date_joined) SELECT '!', false, 'n' || party_card_number, '', '', '', false, true, now() FROM members_member",
    "UPDATE members_member m SET user_id = u.id FROM auth_user u WHERE u.username = 'n' || m.party_card_number",
    "ANALYZE",
]


def _setup() -> None:
    from django.db import connection

    from core.demo.generator import generate
    from core.members.models import Member

    if not Member.objects.exists():
        started = time.perf_counter()
        result = generate(members=MEMBERS, seed="notifications")
        print(f"generated {result.members:,} members in {time.perf_counter() - started:.1f} s")
    if not Member.objects.filter(user__isnull=False).exists():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in ACCOUNTS_SQL:
                cursor.execute(sql)
        print(f"accounts for every member in {time.perf_counter() - started:.1f} s")


def _fan_out() -> tuple[float, Any]:
    from django.db import transaction

    from core.notifications.fanout import fanout_run
    from core.notifications.models import Audience, Kind
    from core.notifications.services import notify

    started = time.perf_counter()
    with transaction.atomic():
        notice = notify(
            kind=Kind.DOCUMENT, text="Nghị quyết mới của Thành ủy", url="/van-ban/", audience=Audience.COMMITTEE
        )
    done = fanout_run(notice.pk)  # the body of the one fan-out task (core.notifications.tasks.notify_fanout)
    return time.perf_counter() - started, done


def _centre_ms(user_id: int) -> float:
    from django.contrib.auth.models import User

    from core.notifications.selectors import notifications_of, unread_count

    user = User.objects.get(pk=user_id)
    samples = []
    for _ in range(7):
        started = time.perf_counter()
        unread_count(user)
        list(notifications_of(user)[:20])
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _push(notice_id: int) -> tuple[float, Any]:
    from django.conf import settings

    from core.members.models import Member
    from core.notifications.delivery import deliver
    from core.notifications.models import Notification, PushSubscription
    from core.notifications.vapid import vapid_keys
    from tests.core.notifications.fake_push import Browser, FakePushService

    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = vapid_keys()
    settings.WEBPUSH_EXTRA_HOSTS = ["127.0.0.1"]
    settings.NOTIFY_BY_EMAIL = False
    users = list(Member.objects.order_by("pk").values_list("user_id", flat=True)[:DEVICES])
    browser = Browser()
    with FakePushService() as service:
        PushSubscription.objects.all().delete()
        PushSubscription.objects.bulk_create(
            PushSubscription(user_id=u, endpoint=service.url(f"/ok/{u}"), p256dh=browser.p256dh, auth=browser.auth)
            for u in users
        )
        Notification.objects.filter(notice_id=notice_id, user_id__in=users).update(pushed_at=None)
        started = time.perf_counter()
        sent = deliver(notice_id)
        elapsed = time.perf_counter() - started
        assert len(service.received) == sent.pushed
    return elapsed, sent


def main() -> None:
    django_on_bench_db()
    from django.db import connection

    from core.notifications.models import Notification
    from tenants.db.schema import activate_tenant

    tenant = bench_tenant("notifybench", "Đảng bộ thành phố (bench thông báo)")
    activate_tenant(tenant)
    _setup()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM members_member WHERE user_id IS NOT NULL AND status NOT IN "
                       "('transferred_out', 'deceased', 'expelled', 'removed')")  # fmt: skip
        expected = cursor.fetchone()[0]
    seconds, notice = _fan_out()
    rows = Notification.objects.filter(notice=notice).count()
    assert rows == expected == notice.recipients, (rows, expected, notice.recipients)
    some_user = Notification.objects.filter(notice=notice).order_by("-pk").values_list("user_id", flat=True)[0]
    centre = _centre_ms(some_user)
    push_s, sent = _push(notice.pk)
    table = [
        (f"fan-out to the whole committee ({rows:,} members), s", f"{seconds:.1f}", f"≤ {TARGET_S:.0f} s"),
        ("  tasks (fan-out + delivery)", "1 + 1", "bounded"),
        ("  INSERT statements", f"{notice.statements}", "a few"),
        ("a member's centre after it (unread count + first page), ms", f"{centre:.1f}", ""),
        (f"push to {DEVICES:,} devices (encrypt + POST, {sent.batches} batch(es)), s", f"{push_s:.1f}", ""),
        ("  pushed / pruned / failed", f"{sent.pushed} / {sent.pruned} / {sent.failed}", ""),
    ]
    width = max(len(r[0]) for r in table)
    print(f"\n{'measure'.ljust(width)}  {'value':>12}  target")
    print("-" * (width + 26))
    for name, value, target in table:
        print(f"{name.ljust(width)}  {value:>12}  {target}")
    if seconds > TARGET_S:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
