"""Usage counted on hot paths without a query per event: counters in the process, added to the tenant's
`DailyUsage` row of the day by one upsert per (tenant, day) at most every FLUSH_SECONDS, by the periodic
task `billing_free.tasks.usage_flush` (for worker processes) and at process exit.

Approximate by design (ADR 0034): a process killed between two flushes loses up to FLUSH_SECONDS of
counts. Never used for a hard limit that must be exact; the API rate limit has its own counter.
"""

import atexit
import datetime as dt
import logging
import threading
import time
from collections import defaultdict

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 30.0
FIELDS = ("api_requests", "notifications_sent")

_lock = threading.Lock()
_pending: dict[tuple[str, dt.date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
_state = {"last": time.monotonic()}

UPSERT = """
INSERT INTO public.billing_free_dailyusage
    (tenant_id, day, members, active_members, live_units, storage_bytes, api_requests, notifications_sent)
SELECT t.id, %(day)s, 0, 0, 0, 0, %(api_requests)s, %(notifications_sent)s
FROM public.tenants_tenant t WHERE t.schema_name = %(schema)s
ON CONFLICT (tenant_id, day) DO UPDATE SET
    api_requests = billing_free_dailyusage.api_requests + EXCLUDED.api_requests,
    notifications_sent = billing_free_dailyusage.notifications_sent + EXCLUDED.notifications_sent
"""


def count(schema: str, field: str, amount: int = 1) -> None:
    """Add `amount` to today's `field` of the tenant `schema` (flushed later)."""
    if field not in FIELDS:
        raise ValueError(field)
    with _lock:
        _pending[(schema, timezone.localdate())][field] += amount
        due = time.monotonic() - _state["last"] >= FLUSH_SECONDS
    if due:
        flush()


def pending(schema: str, field: str, day: dt.date) -> int:
    """What this process counted for `schema` on `day` and has not written yet."""
    with _lock:
        entry = _pending.get((schema, day))
        return entry[field] if entry else 0


def flush() -> int:
    """Write this process's counters (one upsert per tenant and day); returns how many rows were touched.
    On a database error the counts go back to the queue."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
        _state["last"] = time.monotonic()
    if not batch:
        return 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint inside a caller's transaction
            for (schema, day), values in batch.items():
                cursor.execute(UPSERT, {"schema": schema, "day": day, **values})
    except DatabaseError:
        logger.warning("usage counters not written; kept for the next flush", exc_info=True)
        with _lock:
            for key, values in batch.items():
                for field, amount in values.items():
                    _pending[key][field] += amount
        return 0
    return len(batch)


def discard() -> None:
    """Forget unwritten counts (tests)."""
    with _lock:
        _pending.clear()


@atexit.register
def _flush_at_exit() -> None:  # pragma: no cover - process exit
    try:
        flush()
    except Exception:
        logger.debug("usage counters lost at exit", exc_info=True)
