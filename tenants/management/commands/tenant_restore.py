"""python manage.py tenant_restore <archive.tar> [--as-slug new] [--confirm <target slug>] [--name "…"]"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.backup.archive import ArchiveError
from tenants.backup.pgtools import ToolMissing
from tenants.backup.restore import tenant_restore


class Command(BaseCommand):
    help = (
        "Restore a tenant archive made by tenant_backup: onto an empty server (same slug), over the same "
        "committee (--confirm <slug>: its schema, public rows and files are replaced), or as a new slug "
        "(--as-slug, e.g. for a rehearsal; the copy starts suspended). The manifest is verified before anything "
        "is replaced."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="path of the .tar archive")
        parser.add_argument("--as-slug", default="", help="restore under this new slug instead of the archive's")
        parser.add_argument("--confirm", default="", help="repeat the target slug to replace an existing committee")
        parser.add_argument("--name", default="", help="name of the restored committee (default: the archive's)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"Không thấy tệp sao lưu / no archive at {path}")
        try:
            result = tenant_restore(
                archive_path=path,
                actor="cli",
                as_slug=options["as_slug"],
                confirm=options["confirm"],
                name=options["name"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except (ArchiveError, ToolMissing) as exc:
            raise CommandError(f"Không khôi phục, dữ liệu không đổi / nothing restored: {exc}") from None
        t = result.tenant
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Lưu ý: {warning}"))
        if result.migrated:
            self.stdout.write(f"Đã cập nhật lược đồ: {len(result.migrated)} bước chuyển đổi")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {t.schema_name} ({t.get_status_display()}): {result.tables} bảng, {result.rows:,} dòng, "
                f"{result.files} tệp; bản kê khớp / manifest verified"
            )
        )
