"""Import job writes: create a job from an upload (file kept privately, task queued on commit) and run it.

A run writes its data, its job row and one audit row in one transaction; progress is committed on its own
while the file is being read so the job page can show it.
"""

import logging
from collections.abc import Callable
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from billing_free.limits import quota_check
from core.access.checks import ANY, scope_paths
from core.access.permissions import IMPORTS_RUN
from core.audit.services import audit_record
from core.imports import storage
from core.imports.committee_import import import_committee
from core.imports.member_import import import_members
from core.imports.models import ImportJob, ImportKind, ImportMode, ImportStatus
from core.imports.org_import import import_org
from core.imports.reading import FileProblem, check_file
from core.imports.report import ImportResult
from tenants.db.locks import JobBusy, job_lock
from tenants.db.schema import current_schema

logger = logging.getLogger(__name__)
Echo = Callable[[int, str], None]


@transaction.atomic
def import_job_create(
    *,
    kind: str,
    source: IO[bytes] | Path,
    filename: str,
    actor: User | None,
    dry_run: bool = False,
    mode: str = ImportMode.ALL_OR_NOTHING,
    enqueue: bool = True,
) -> ImportJob:
    """Keep the file privately and queue its import; ValidationError (Vietnamese) for unusable files."""
    if kind not in ImportKind.values or mode not in ImportMode.values:
        raise ValidationError("Loại dữ liệu hoặc cách ghi không hợp lệ.", code="bad_option")
    size = source.stat().st_size if isinstance(source, Path) else getattr(source, "size", None)
    quota_check(current_schema(), "storage", size or 0)  # the plan's file size and storage (ADR 0034)
    job = ImportJob.objects.create(
        kind=kind,
        original_filename=Path(filename).name[:255],
        dry_run=dry_run,
        mode=mode,
        created_by=actor,
        progress_label="Đang chờ xử lý",
    )
    job.stored_path = storage.store_upload(job.pk, filename, source)
    try:
        with storage.stored_file(job.stored_path).local_path() as path:
            check_file(path, filename)
    except FileProblem as exc:
        storage.delete_stored(job.stored_path)
        raise ValidationError(str(exc), code="bad_file") from None
    job.save(update_fields=["stored_path"])
    if enqueue:
        from core.imports.tasks import run_import_job

        job_id = job.pk
        transaction.on_commit(lambda: run_import_job.delay(job_id))
    return job


def _set_progress(job_id: int, percent: int, label: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(progress=percent, progress_label=label[:120])


def _summary(result: ImportResult) -> str:
    if result.errors.fatal or result.blocked:
        return "Có lỗi, không ghi dữ liệu nào" if not result.dry_run else "Chạy thử: có lỗi, sẽ không ghi được"
    text = (
        f"thêm {result.inserted:,}, cập nhật {result.updated:,}, không đổi {result.unchanged:,}, "
        f"loại {result.rejected:,}"
    )
    return f"Chạy thử (chưa ghi): {text}" if result.dry_run else f"Hoàn tất: {text}"


def _finish(job: ImportJob, result: ImportResult) -> None:
    """The job's outcome (and, for a real run, its audit row) — inside the write transaction if any."""
    job.status = ImportStatus.FAILED if result.blocked or result.errors.fatal else ImportStatus.DONE
    job.progress, job.progress_label = 100, _summary(result)[:120]
    job.total_rows, job.inserted, job.updated = result.total, result.inserted, result.updated
    job.unchanged, job.rejected = result.unchanged, result.rejected
    job.errors, job.error_count = result.errors.sorted_items(), result.errors.count
    job.finished_at = timezone.now()
    job.save()
    if not job.dry_run:
        audit_record(
            actor=job.created_by,
            action=f"imports.{job.kind}",
            target=job,
            changes={
                "file": job.original_filename,
                "mode": job.mode,
                "status": job.status,
                **result.counts(),
            },
        )


def _run(job: ImportJob, progress: Echo, on_written: Callable[[ImportResult], None]) -> ImportResult:
    with storage.stored_file(job.stored_path).local_path() as path:
        return _run_file(job, path, progress, on_written)


def _run_file(job: ImportJob, path: Path, progress: Echo, on_written: Callable[[ImportResult], None]) -> ImportResult:
    actor = job.created_by
    scopes = scope_paths(actor, IMPORTS_RUN) if actor is not None else [ANY]
    common = {"mode": job.mode, "dry_run": job.dry_run, "scopes": scopes, "progress": progress}
    if job.kind == ImportKind.ORG:
        tenant = getattr(connection, "tenant", None)
        return import_org(
            path,
            job.original_filename,
            on_written=on_written,
            actor=actor,
            root_name=getattr(tenant, "name", "") or f"Đảng bộ {current_schema()}",
            event_data={"import_job": job.pk},
            **common,  # type: ignore[arg-type]
        )
    if job.kind == ImportKind.COMMITTEE:
        return import_committee(path, job.original_filename, on_written=on_written, **common)  # type: ignore[arg-type]
    return import_members(
        path,
        job.original_filename,
        on_written=on_written,
        transfer_reason=f"Nhập dữ liệu từ tệp “{job.original_filename}” (lần nhập #{job.pk})",
        actor_id=actor.pk if actor is not None else None,
        **common,  # type: ignore[arg-type]
    )


MAX_ATTEMPTS = 3  # runs of one job whose worker died before it ended; then it fails instead of looping


def _claim(job_id: int) -> ImportJob | None:
    """Mark the job running (queued, or left running by a run whose process died: it no longer holds the lock);
    None when it already ended. A job started MAX_ATTEMPTS times is failed instead (a file that kills workers)."""
    claimed = ImportJob.objects.filter(pk=job_id, status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING)).update(
        status=ImportStatus.RUNNING, progress=1, progress_label="Bắt đầu", attempts=F("attempts") + 1
    )
    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if not claimed or job is None:
        return None
    if job.attempts > MAX_ATTEMPTS:
        logger.error("import job %s: worker lost %s times; giving up", job_id, job.attempts - 1)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            progress=100,
            progress_label="Tiến trình nhập bị dừng đột ngột nhiều lần; chưa ghi dữ liệu nào. Đã ghi nhận để xử lý.",
            finished_at=timezone.now(),
        )
        storage.delete_stored(job.stored_path)
        return None
    return job


def import_job_run(*, job_id: int, echo: Echo | None = None) -> ImportJob | None:
    """Run a queued job (the task, or a command in-process). A job runs once; later calls are no-ops.

    The run holds the job's lock (tenants/db/locks.py) for its whole length: a second delivery of the task
    while it runs gets JobBusy (the task retries later); a delivery after its worker died finds the lock free
    and the job still `running`, and runs it again from the start — the data is written in one transaction
    with the job's outcome, so the dead run wrote nothing and the file is still there.
    """
    with job_lock(f"imports.job:{job_id}") as mine:
        if not mine:
            raise JobBusy(f"import job {job_id}")
        job = _claim(job_id)
        if job is None:
            ended = ImportJob.objects.filter(pk=job_id).first()
            if ended is not None and ended.stored_path:  # its run ended but died before removing the file
                storage.delete_stored(ended.stored_path)
                ImportJob.objects.filter(pk=job_id).update(stored_path="")
                ended.stored_path = ""
            return ended
        _execute(job, echo)
    job.refresh_from_db()
    return job


def _execute(job: ImportJob, echo: Echo | None) -> None:
    job_id = job.pk

    def progress(percent: int, label: str) -> None:
        _set_progress(job_id, percent, label)
        if echo is not None:
            echo(percent, label)

    finished: list[bool] = []

    def on_written(result: ImportResult) -> None:
        _finish(job, result)
        finished.append(True)

    try:
        result = _run(job, progress, on_written)
        if not finished:
            with transaction.atomic():
                _finish(job, result)
    except Exception:
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            progress=100,
            progress_label="Lỗi hệ thống khi nhập; chưa ghi dữ liệu nào. Đã ghi nhận để xử lý.",
            finished_at=timezone.now(),
        )
    storage.delete_stored(job.stored_path)
    ImportJob.objects.filter(pk=job_id).update(stored_path="")
