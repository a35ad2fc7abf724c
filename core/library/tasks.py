"""Library tasks (tenant tasks: they run inside the tenant named by the message, never in public)."""

from core.library.platform import platform_sync
from core.tasks import tenant_task


@tenant_task(name="core.library.tasks.platform_sync", ignore_result=True)
def platform_sync_task() -> dict[str, int | bool]:
    """Mirror the platform-wide documents into this tenant (after an operator's change, and hourly by beat)."""
    result = platform_sync()
    return {"subscribed": result.subscribed, "written": result.written, "withdrawn": result.withdrawn}
