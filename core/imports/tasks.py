"""The import task: runs one queued ImportJob inside the tenant that enqueued it."""

from typing import Any

from core.tasks import BUSY_MAX_RETRIES, busy_retry_seconds, tenant_task
from tenants.db.locks import JobBusy


@tenant_task(name="core.imports.tasks.run_import_job", bind=True, ignore_result=True)
def run_import_job(self: Any, job_id: int) -> str:
    """Runs once: a redelivered message finds the job ended (no-op), or left running by a dead worker (run again),
    or running in a live worker (retried later). Returns the job's final status."""
    from core.imports.services import import_job_run

    try:
        job = import_job_run(job_id=job_id)
    except JobBusy as busy:
        raise self.retry(exc=busy, countdown=busy_retry_seconds(), max_retries=BUSY_MAX_RETRIES) from None
    return job.status if job is not None else "missing"
