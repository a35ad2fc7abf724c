"""Deploy-time migrations: public schema, template schema, then every tenant (in parallel).

Schemas already at the latest migration are recognised with one query and skipped; each schema's outcome is
printed; one failing tenant does not stop the others; the exit status is non-zero if any schema failed.
"""

import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.schema_migrations import SchemaResult, migrate_everything


class Command(BaseCommand):
    help = "Migrate the public schema, the template schema and every tenant schema that needs it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--processes",
            type=int,
            default=os.cpu_count() or 2,
            help="parallel worker processes for tenant schemas (default: CPU count)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counts = {"up_to_date": 0, "migrated": 0, "failed": 0}

        def report(result: SchemaResult) -> None:
            if not result.ok:
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"[{result.schema}] FAILED\n{result.error}"))
            elif result.applied:
                counts["migrated"] += 1
                if options["verbosity"] >= 1:
                    self.stdout.write(f"[{result.schema}] applied {len(result.applied)}: {', '.join(result.applied)}")
            else:
                counts["up_to_date"] += 1
                if options["verbosity"] >= 2:
                    self.stdout.write(f"[{result.schema}] up to date")

        migrate_everything(processes=options["processes"], report=report)
        elapsed = time.perf_counter() - started
        summary = (
            f"schemas: {counts['migrated']} migrated, {counts['up_to_date']} up to date, "
            f"{counts['failed']} failed ({elapsed:.2f} s)"
        )
        if counts["failed"]:
            raise CommandError(summary)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(summary))
