"""python manage.py tenant_backup --tenant <slug> [--output path.tar]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.backup.pgtools import ToolMissing
from tenants.backup.services import tenant_backup_create
from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant


def human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"


class Command(BaseCommand):
    help = (
        "Back up one tenant into one archive: its schema (pg_dump), its rows in public tables, its stored files "
        "and a manifest of row counts and checksums. Default path: BACKUP_DIR/<slug>/<slug>-<UTC time>.tar"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("--output", default="", help="archive path (default under BACKUP_DIR)")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = get_tenant(options["tenant"])
        output = Path(options["output"]) if options["output"] else None
        try:
            backup = tenant_backup_create(tenant=tenant, actor="cli", output=output)
        except ToolMissing as exc:
            raise CommandError(str(exc)) from None
        except Exception as exc:
            raise CommandError(f"Sao lưu {tenant.schema_name} thất bại / backup failed: {exc}") from exc
        s = backup.summary
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu {tenant.schema_name}: {backup.path} ({human_size(backup.size_bytes)}; "
                f"{s['tables']} bảng, {s['rows']:,} dòng, {s['public_rows']} dòng dùng chung, {s['files']} tệp)"
            )
        )
