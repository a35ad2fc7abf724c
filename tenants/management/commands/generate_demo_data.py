"""python manage.py generate_demo_data --tenant <slug> --members N"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.demo.generator import generate
from tenants.db.schema import tenant_schema
from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant


class Command(BaseCommand):
    help = "Generate a realistic org tree (districts, communes, ~25-member cells) and N members in a tenant."

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--seed", default="demo")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        started = time.perf_counter()
        with tenant_schema(tenant):
            result = generate(members=options["members"], seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                f"{tenant.schema_name}: {result.districts} huyện, {result.communes} xã, {result.cells} chi bộ, "
                f"{result.members} đảng viên ({time.perf_counter() - started:.1f} s)"
            )
        )
