"""Shared body of `import_org`, `import_members` and `import_committee`: run one import job in-process, print
progress and a summary, exit non-zero when nothing was loaded because of errors."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.imports.models import ImportJob, ImportMode
from core.imports.report import write_error_csv
from core.imports.services import import_job_create, import_job_run
from tenants.db.schema import tenant_schema
from tenants.management.commands._tenant_arg import add_tenant_argument, get_tenant

SHOWN_ERRORS = 20


class ImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser: CommandParser) -> None:
        add_tenant_argument(parser)
        parser.add_argument("file", help="tệp .csv (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
        parser.add_argument("--valid-only", action="store_true", help="ghi các dòng hợp lệ, báo cáo các dòng lỗi")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}” / file not found")
        tenant = get_tenant(options["tenant"])
        with tenant_schema(tenant):
            job = self._run(path, options)
        self._report(job, options)

    def _run(self, path: Path, options: dict[str, Any]) -> ImportJob:
        try:
            job = import_job_create(
                kind=self.kind,
                source=path,
                filename=path.name,
                actor=None,
                dry_run=options["dry_run"],
                mode=ImportMode.VALID_ONLY if options["valid_only"] else ImportMode.ALL_OR_NOTHING,
                enqueue=False,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        last = [-1]

        def echo(percent: int, label: str) -> None:
            if percent != last[0]:
                last[0] = percent
                self.stdout.write(f"[{percent:3d}%] {label}")

        finished = import_job_run(job_id=job.pk, echo=echo)
        assert finished is not None
        if options.get("errors_csv") and finished.errors:
            with Path(options["errors_csv"]).open("w", encoding="utf-8", newline="") as out:
                write_error_csv(finished.errors, out)
        return finished

    def _report(self, job: ImportJob, options: dict[str, Any]) -> None:
        self.stdout.write(
            f"Lần nhập #{job.pk} ({job.get_status_display()}{', chạy thử' if job.dry_run else ''}): "
            f"{job.total_rows:,} dòng — thêm {job.inserted:,}, cập nhật {job.updated:,}, "
            f"không đổi {job.unchanged:,}, bị loại {job.rejected:,}, lỗi {job.error_count:,}."
        )
        for error in job.errors[:SHOWN_ERRORS]:
            where = f"dòng {error['row']}" if error.get("row") else "tệp"
            column = f", cột “{error['column']}”" if error.get("column") else ""
            value = f", giá trị “{error['value']}”" if error.get("value") else ""
            self.stdout.write(f"  {where}{column}{value}: {error['message']}")
        if job.error_count > SHOWN_ERRORS:
            self.stdout.write(f"  … và {job.error_count - SHOWN_ERRORS:,} lỗi khác.")
        if options.get("errors_csv") and job.errors:
            self.stdout.write(f"Báo cáo lỗi: {options['errors_csv']}")
        if job.status == "failed":
            raise CommandError(f"Không ghi dữ liệu nào do có {job.error_count:,} lỗi.", returncode=1)
        self.stdout.write(self.style.SUCCESS(job.progress_label))
