from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant
from tenants.provisioning.services import tenant_delete


class Command(BaseCommand):
    help = "Delete a tenant and DROP its schema. Requires --confirm <slug>; the tenant must not be ready."

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("--confirm", default="", help="repeat the slug to confirm the deletion")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        try:
            tenant_delete(tenant=tenant, actor="cli", confirm_slug=options["confirm"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã xoá {options['tenant']}."))
