"""Platform tasks: they run in the public schema by design."""

from celery import shared_task

from tenants.db.schema import activate_public
from tenants.models import Tenant, TenantStatus


@shared_task(name="tenants.tasks.provision_tenant", ignore_result=True)
def provision_tenant(tenant_id: int) -> None:
    from tenants.provisioning.services import tenant_provision

    activate_public()
    tenant_provision(tenant_id=tenant_id)


@shared_task(name="tenants.tasks.dispatch_to_ready_tenants", ignore_result=True)
def dispatch_to_ready_tenants(task_name: str, *args: object) -> int:
    """Beat entry point: enqueue `task_name` once for every ready tenant, carrying that tenant's schema."""
    from config.celery import app

    activate_public()
    schemas = list(Tenant.objects.filter(status=TenantStatus.READY).values_list("schema_name", flat=True))
    for schema in schemas:
        app.send_task(task_name, args=args, headers={"_schema_name": schema})
    return len(schemas)
