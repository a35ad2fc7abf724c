"""Daily meeting upkeep in each tenant (beat dispatches it to every ready tenant): generate the monthly series'
drafts ahead, on the 15th remind secretaries whose next-month meeting is still a draft, and remind them of
meetings whose day has passed without being marked held.

Every step is idempotent (a month is generated once per series by a unique constraint; a reminder already
sent is not sent again), so a run whose worker died is simply run again when its message comes back. Two runs
at once could both send a reminder neither had seen yet, so a run holds the tenant's series lock; a second
delivery while one runs is retried later.
"""

import datetime as dt
from typing import Any

from core.meetings.services.reminders import remind_unmarked
from core.meetings.services.series import series_materialise, series_remind
from core.tasks import BUSY_MAX_RETRIES, busy_retry_seconds, tenant_task
from tenants.db.locks import job_lock


@tenant_task(name="core.meetings.tasks.series_daily", bind=True, ignore_result=True)
def series_daily(self: Any, today: str | None = None) -> dict[str, int]:
    """`today` (ISO date) only for tests and replays; the tenant's local date otherwise."""
    day = dt.date.fromisoformat(today) if today else None
    with job_lock("meetings.series_daily") as mine:
        if not mine:
            raise self.retry(countdown=busy_retry_seconds(), max_retries=BUSY_MAX_RETRIES)
        created = series_materialise(day)
        return {"created": len(created), "reminded": series_remind(day), "unmarked": remind_unmarked(day)}
