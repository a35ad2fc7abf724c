from tenants.management.commands._tenant_arg import LifecycleCommand
from tenants.provisioning.services import tenant_suspend


class Command(LifecycleCommand):
    help = 'Suspend a tenant: its hosts show a "tạm ngừng" page, its data is kept.'
    service = tenant_suspend
