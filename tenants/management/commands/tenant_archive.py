from tenants.management.commands._tenant_arg import LifecycleCommand
from tenants.provisioning.services import tenant_archive


class Command(LifecycleCommand):
    help = "Archive a tenant: not routable any more, schema and data kept."
    service = tenant_archive
