from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant
from tenants.provisioning.services import tenant_suspend


class Command(BaseCommand):
    help = 'Suspend a tenant: its hosts show a "tạm ngừng" page, its data is kept.'

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        try:
            tenant_suspend(tenant=tenant, actor="cli", reason=options["reason"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        tenant.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"{tenant.schema_name}: {tenant.get_status_display()}"))
