"""Create a tenant: registers it, provisions it through the Celery task, prints progress and the admin link."""

import time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.db.schema import tenant_schema
from tenants.models import Tenant, TenantStatus
from tenants.provisioning.services import tenant_request


class Command(BaseCommand):
    help = "Create a tenant (party committee) by cloning the template schema, via the provisioning task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--slug", required=True, help="schema name and subdomain, e.g. ninhbinh")
        parser.add_argument("--name", required=True, help='e.g. "Đảng bộ tỉnh Ninh Bình"')
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--timeout",
            type=float,
            default=120.0,
            help="seconds to wait for the worker before giving up waiting (default 120)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_request(
                slug=options["slug"], name=options["name"], admin_email=options["admin_email"], actor="cli"
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Đã đăng ký {tenant.name} ({tenant.schema_name}); đang khởi tạo…")
        deadline = time.monotonic() + options["timeout"]
        last = None
        while time.monotonic() < deadline:
            tenant.refresh_from_db()
            if (tenant.progress, tenant.progress_label) != last:
                last = (tenant.progress, tenant.progress_label)
                self.stdout.write(f"  {tenant.progress:3d}% {tenant.progress_label}")
            if tenant.status != TenantStatus.PROVISIONING:
                break
            time.sleep(0.2)
        else:
            raise CommandError(
                "Chưa xong sau thời gian chờ: worker Celery có đang chạy không? Trạng thái xem ở /console/."
            )
        if tenant.status != TenantStatus.READY:
            raise CommandError(f"Khởi tạo lỗi: {tenant.status_reason}")
        self._print_admin_link(tenant)

    def _print_admin_link(self, tenant: Tenant) -> None:
        from django.contrib.auth import get_user_model

        from core.accounts.services import password_setup_path

        host = tenant.domains.get(is_primary=True).domain
        with tenant_schema(tenant):
            admin = get_user_model().objects.get(email=tenant.admin_email, is_superuser=True)
            path = password_setup_path(admin)
        scheme = "http" if settings.DEV_SERVER or settings.DEBUG else "https"
        self.stdout.write(self.style.SUCCESS(f"Sẵn sàng: {scheme}://{host}/"))
        self.stdout.write(f"Quản trị viên {admin.username} đặt mật khẩu tại: {scheme}://{host}{path}")
