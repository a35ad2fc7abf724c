"""Daily meeting upkeep in each tenant (beat dispatches it to every ready tenant): generate the monthly series'
drafts ahead, on the 15th remind secretaries whose next-month meeting is still a draft, and remind them of
meetings whose day has passed without being marked held."""

import datetime as dt

from core.meetings.services.reminders import remind_unmarked
from core.meetings.services.series import series_materialise, series_remind
from core.tasks import tenant_task


@tenant_task(name="core.meetings.tasks.series_daily", ignore_result=True)
def series_daily(today: str | None = None) -> dict[str, int]:
    """`today` (ISO date) only for tests and replays; the tenant's local date otherwise."""
    day = dt.date.fromisoformat(today) if today else None
    created = series_materialise(day)
    return {"created": len(created), "reminded": series_remind(day), "unmarked": remind_unmarked(day)}
