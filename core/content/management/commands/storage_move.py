"""python manage.py storage_move --tenant <slug> [--keep]   (or --platform for the platform's shared files)"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.content.move import LegacyFile, storage_move
from core.content.objects import storage_usage
from core.content.storage import PLATFORM, private_storage
from tenants.audit import record_platform_event
from tenants.management.commands._tenant_arg import get_tenant


class Command(BaseCommand):
    help = (
        "Move one tenant's files from the old disk layout (MEDIA_ROOT/<area>/<slug>/) into the configured private "
        "store (S3 bucket or MEDIA_ROOT/objects/), verifying each file's sha256 after the write. Safe to run again: "
        "it resumes where a stopped run ended."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--tenant", help="tenant slug (schema name), e.g. ninhbinh")
        who.add_argument("--platform", action="store_true", help="the platform-wide files (library)")
        parser.add_argument("--keep", action="store_true", help="keep the old files after a verified copy")

    def _progress(self, done: int, total: int, item: LegacyFile) -> None:
        if done == total or done % 100 == 0:
            self.stdout.write(f"  {done:,}/{total:,} ({100 * done // total}%) {item.area}/{item.name}")

    def handle(self, *args: Any, **options: Any) -> None:
        owner = PLATFORM if options["platform"] else get_tenant(options["tenant"]).schema_name
        backend = type(private_storage()).__name__
        self.stdout.write(f"Chuyển tệp của {owner} sang kho {backend} / moving {owner}'s files to {backend}")
        try:
            report = storage_move(owner=owner, keep=options["keep"], progress=self._progress)
        except OSError as exc:
            raise CommandError(f"Dừng lại / stopped: {exc}") from exc
        usage = storage_usage(owner)
        record_platform_event(
            actor="cli",
            action="tenant.storage_moved",
            tenant_slug="" if owner == PLATFORM else owner,
            changes={"moved": report.moved, "already": report.already, "bytes": report.bytes_moved,
                     "conflicts": len(report.conflicts), "refused": len(report.refused)},
        )  # fmt: skip
        for key in report.conflicts:
            self.stderr.write(f"  khác nội dung, giữ tệp cũ / conflict, old file kept: {key}")
        for path in report.refused:
            self.stderr.write(f"  tên tệp không hợp lệ, giữ nguyên / bad name, left in place: {path}")
        summary = (
            f"{owner}: {report.moved:,} tệp đã chuyển ({report.bytes_moved:,} byte), {report.already:,} đã có sẵn; "
            f"trong kho: {usage.objects:,} tệp, {usage.bytes:,} byte"
        )
        if not report.ok:
            raise CommandError(summary + " — còn tệp chưa chuyển, xem ở trên / some files were not moved")
        self.stdout.write(self.style.SUCCESS(summary))
