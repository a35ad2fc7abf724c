"""`manage.py assistant_common_sync [--tenant SLUG]`: copy the platform's common questions and answers
(core/assistant/common_base.py) into one tenant, or every ready tenant."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.assistant.services import common_sync
from tenants.db.schema import tenant_schema
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Chép bộ câu hỏi chung của nền tảng vào đảng bộ / Copy the common knowledge base into tenants"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="slug của đảng bộ (mặc định: mọi đảng bộ sẵn sàng)")

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = (
            Tenant.objects.filter(schema_name=options["tenant"])
            if options["tenant"]
            else Tenant.objects.filter(status="ready")
        )
        for tenant in tenants.exclude(schema_name="public"):
            with tenant_schema(tenant):
                self.stdout.write(f"{tenant.schema_name}: {common_sync()}")
