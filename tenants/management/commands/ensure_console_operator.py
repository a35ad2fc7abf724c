"""Create the development console operator (`operator`) if missing. Refuses to run outside `make run` (DEV_SERVER)."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.demo.seed import DEMO_PASSWORD
from tenants.db.schema import activate_public


class Command(BaseCommand):
    help = "Development only: create the console operator account operator / SoTay@2026."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEV_SERVER or settings.DEBUG):
            raise CommandError("Chỉ dùng khi phát triển (make run) / development only")
        activate_public()
        user_model = get_user_model()
        if not user_model.objects.filter(username="operator").exists():
            user_model.objects.create_superuser("operator", "operator@example.vn", DEMO_PASSWORD)
        self.stdout.write("console operator: operator / " + DEMO_PASSWORD)
