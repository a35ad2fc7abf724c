"""Shared `--tenant <slug>` handling for management commands."""

from django.core.management.base import CommandError, CommandParser

from tenants.models import Tenant


def add_tenant_argument(parser: CommandParser) -> None:
    parser.add_argument("--tenant", required=True, help="tenant slug (schema name), e.g. ninhbinh")


def get_tenant(slug: str) -> Tenant:
    try:
        return Tenant.objects.get(schema_name=slug)
    except Tenant.DoesNotExist:
        raise CommandError(f"Không có đảng bộ với mã “{slug}” / no tenant with slug {slug!r}") from None
