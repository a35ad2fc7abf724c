"""Adoption facts written while people use the product: logins, accesses (visits) and installed devices.

- `login_recorded(user)`: first/last login on the account's AccountState, in one upsert; called explicitly by
  the login paths (the accounts middleware on a web login, the token login API). Returns whether the
  account must change its password before anything else.
- `access_recorded(user_id)`: a *visit* is the first authenticated request after `VISIT_GAP` without one.
  The last request time per account sits in the (tenant-keyed) cache; only the first request of a visit
  writes, with one `INSERT … ON CONFLICT (user_id, day) DO UPDATE SET count = count + 1`. Other requests
  cost one cache read (and a cache write at most once a minute, to keep the quiet-gap measure fresh). With
  the per-process LocMem cache (no REDIS_URL) each process dedupes on its own, so visits may be
  over-counted; production uses Redis.
- `device_register(...)`: idempotent per (user, device_id); the account's first device sets
  AccountState.first_install_at.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from core.accounts.models import AccountState, DailyAccess, Device
from core.audit.services import audit_record

VISIT_GAP = timedelta(minutes=30)
REFRESH_EVERY = 60.0  # seconds between cache writes within a visit


def _visit_key(user_id: int) -> str:
    return f"accounts:last-request:{user_id}"


def login_recorded(user: User, *, at: datetime | None = None) -> bool:
    """Record a successful login (first_login_at if empty, last_login_at); True if the password must change."""
    now = at or timezone.now()
    state_table = AccountState._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {state_table} (user_id, must_change_password, first_login_at, last_login_at)
            VALUES (%s, false, %s, %s)
            ON CONFLICT (user_id) DO UPDATE
               SET first_login_at = COALESCE({state_table}.first_login_at, EXCLUDED.first_login_at),
                   last_login_at = EXCLUDED.last_login_at
            RETURNING must_change_password
            """,
            [user.pk, now, now],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def access_recorded(user_id: int, *, at: datetime | None = None) -> bool:
    """Count a visit for `user_id` if this request starts one; True when a visit was counted."""
    now = at or timezone.now()
    stamp = now.timestamp()
    key = _visit_key(user_id)
    last = cache.get(key)
    new_visit = last is None or stamp - float(last) >= VISIT_GAP.total_seconds()
    if new_visit or stamp - float(last) >= REFRESH_EVERY:
        cache.set(key, stamp, timeout=int(VISIT_GAP.total_seconds()))
    if not new_visit:
        return False
    table = DailyAccess._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (user_id, day, count) VALUES (%s, %s, 1)
            ON CONFLICT (user_id, day) DO UPDATE SET count = {table}.count + 1
            """,
            [user_id, timezone.localdate(now)],
        )
    return True


@dataclass(frozen=True)
class DeviceRegistration:
    device: Device
    created: bool


@transaction.atomic
def device_register(*, user: User, kind: str, device_id: str, label: str = "") -> DeviceRegistration:
    """Register (or refresh) a device of `user`; the first device of the account sets first_install_at."""
    device, created = Device.objects.get_or_create(
        user=user, device_id=device_id[:100], defaults={"kind": kind, "label": label[:100]}
    )
    if not created:
        changed = [f for f, v in (("kind", kind), ("label", label[:100])) if v and getattr(device, f) != v]
        for field in changed:
            setattr(device, field, kind if field == "kind" else label[:100])
        device.save(update_fields=[*changed, "last_seen_at"])
        return DeviceRegistration(device=device, created=False)
    state, _ = AccountState.objects.get_or_create(user=user)
    if state.first_install_at is None:
        AccountState.objects.filter(pk=user.pk, first_install_at__isnull=True).update(first_install_at=timezone.now())
    audit_record(
        actor=user, action="account.device_registered", target=device, changes={"kind": kind, "label": label[:100]}
    )
    return DeviceRegistration(device=device, created=True)
