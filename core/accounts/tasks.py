"""Periodic tenant work for accounts (dispatched by beat to every ready tenant)."""

from typing import Any

from config.resilient_cache import CacheUnavailable
from core.tasks import BUSY_MAX_RETRIES, busy_retry_seconds, tenant_task
from tenants.db.locks import JobBusy
from tenants.db.schema import current_schema


@tenant_task(name="core.accounts.tasks.purge_expired_credentials", ignore_result=True)
def purge_expired_credentials() -> int:
    from core.accounts.services import credentials_purge_expired

    return credentials_purge_expired()


@tenant_task(name="core.accounts.tasks.issue_accounts", bind=True, ignore_result=True)
def issue_accounts(self: Any, job_id: str) -> None:
    """Bulk account issuance for one job (see core/accounts/issuance.py for its cost and batching). Retried later
    while another live run holds the job or the shared cache is unreachable; each retry resumes the job."""
    from core.accounts.issuance import issue_job_run

    try:
        issue_job_run(job_id)
    except (JobBusy, CacheUnavailable) as exc:
        raise self.retry(exc=exc, countdown=busy_retry_seconds(), max_retries=BUSY_MAX_RETRIES) from None


@tenant_task(name="core.accounts.tasks.whoami", ignore_result=False)
def whoami() -> dict[str, object]:
    """Diagnostics: which schema a task ran in and how many accounts that schema holds."""
    from django.contrib.auth import get_user_model

    return {"schema": current_schema(), "users": get_user_model().objects.count()}
