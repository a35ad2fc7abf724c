"""Periodic refresh of the report tallies; beat dispatches it to every ready tenant (only stale ones work)."""

from core.reports.refresh import tally_refresh_if_stale
from core.tasks import tenant_task


@tenant_task(name="core.reports.tasks.tally_refresh_if_stale", ignore_result=True)
def refresh_tallies() -> bool:
    return tally_refresh_if_stale()
