"""Shared `--tenant <slug>` handling for management commands, and the base of the lifecycle commands."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.models import Tenant


def add_tenant_argument(parser: CommandParser) -> None:
    parser.add_argument("--tenant", required=True, help="tenant slug (schema name), e.g. ninhbinh")


def get_tenant(slug: str) -> Tenant:
    try:
        return Tenant.objects.get(schema_name=slug)
    except Tenant.DoesNotExist:
        raise CommandError(f"Không có đảng bộ với mã “{slug}” / no tenant with slug {slug!r}") from None


class LifecycleCommand(BaseCommand):
    """`--tenant X --reason Y` → one lifecycle service; prints the new status."""

    service: Callable[..., Tenant]

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        try:
            type(self).service(tenant=tenant, actor="cli", reason=options["reason"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        tenant.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"{tenant.schema_name}: {tenant.get_status_display()}"))
