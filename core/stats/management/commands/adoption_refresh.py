"""`manage.py adoption_refresh --tenant <slug> [--months 12]`: (re)build the adoption and cell meeting figures
of past months."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.stats.meeting_services import meeting_refresh
from core.stats.selectors import last_months
from core.stats.services import adoption_refresh
from tenants.db.schema import tenant_schema
from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant


class Command(BaseCommand):
    help = "Tính lại số liệu sử dụng theo tháng / recompute monthly adoption figures"

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("--months", type=int, default=12)

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        with tenant_schema(tenant):
            for month in last_months(timezone.localdate(), max(1, options["months"])):
                rows = adoption_refresh(month)
                meeting_rows = meeting_refresh(month)
                self.stdout.write(f"{month:%Y-%m}: {rows} rows; sinh hoạt: {meeting_rows}")
