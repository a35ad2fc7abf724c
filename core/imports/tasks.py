"""The import task: runs one queued ImportJob inside the tenant that enqueued it."""

from core.tasks import tenant_task


@tenant_task(name="core.imports.tasks.run_import_job", ignore_result=True)
def run_import_job(job_id: int) -> str:
    """Runs once (a redelivered message finds the job no longer queued). Returns the job's final status."""
    from core.imports.services import import_job_run

    job = import_job_run(job_id=job_id)
    return job.status if job is not None else "missing"
