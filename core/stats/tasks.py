"""Periodic refresh of the adoption figures; beat dispatches it to every ready tenant."""

from core.stats.services import adoption_refresh_recent
from core.tasks import tenant_task


@tenant_task(name="core.stats.tasks.adoption_refresh_recent", ignore_result=True)
def refresh_recent_adoption() -> int:
    return adoption_refresh_recent()
