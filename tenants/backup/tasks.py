"""The daily backup: beat dispatches it to every ready tenant (tenants.tasks.dispatch_to_ready_tenants), each
message carrying its tenant; it backs up that tenant alone, then applies retention to its scheduled archives."""

import logging

from core.tasks import tenant_task
from tenants.backup.models import BackupTrigger
from tenants.backup.services import tenant_backup_create, tenant_backups_prune
from tenants.db.locks import job_lock
from tenants.db.schema import activate_public, current_schema
from tenants.models import Tenant

logger = logging.getLogger(__name__)


@tenant_task(name="tenants.backup.tasks.scheduled_backup", ignore_result=True)
def scheduled_backup() -> str:
    """One archive of the message's tenant; a second delivery while one runs does nothing."""
    slug = current_schema()
    with job_lock("backup") as mine:
        if not mine:
            logger.info("backup of %s already running; skipped", slug)
            return "busy"
        activate_public()
        tenant = Tenant.objects.get(schema_name=slug)
        tenant_backup_create(tenant=tenant, actor="system", trigger=BackupTrigger.SCHEDULED)
        tenant_backups_prune(tenant_slug=slug)
    return "done"
