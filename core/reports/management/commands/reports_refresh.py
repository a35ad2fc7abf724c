"""python manage.py reports_refresh --tenant <slug>: recompute the report tallies now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.reports.refresh import tally_refresh
from tenants.db.schema import tenant_schema
from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant


class Command(BaseCommand):
    help = "Recompute the pre-aggregated counts of the standard reports of one tenant."

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        with tenant_schema(tenant):
            state = tally_refresh()
        self.stdout.write(f"{tenant.schema_name}: thế hệ {state.generation}, {state.seconds:.2f} s")
