"""Bulk issuance jobs held in the (tenant-keyed) cache: progress, and the key the job's activation codes derive from.

Clear codes exist nowhere: a job's codes are `job_code(code_key, member id)` (core/accounts/activation.py), so
the slips of any cell are computed again from the key while the job is kept (`KEEP` after it ends) by the
administrator who started it (core/accounts/slips.py); after that the key is gone and a lost slip means a new
code (reset). The key is as sensitive as the slips it prints: it lives only in the shared cache.

Progress must be visible to the web process while a Celery worker writes it, so the cache must be shared
between processes (Redis, `REDIS_URL`). With the per-process LocMem cache (development without Redis)
`cache_is_shared()` is False and issuance runs inside the web request instead of on the worker. Every access
goes through `strict_cache()`: while Redis is unreachable it raises CacheUnavailable.
"""

import uuid
from dataclasses import asdict, dataclass, field

from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from config.resilient_cache import CacheUnavailable, strict_cache
from core.accounts.activation import new_job_key
from core.org.models import OrgUnit

__all__ = ["CacheUnavailable"]

KEEP = 12 * 60 * 60  # slips printable for 12 hours after the job ends (a committee prints cell by cell)
RUNNING_TTL = 24 * 60 * 60


class JobState:
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass
class IssueJob:
    id: str
    actor_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    total: int
    include_without_smartphone: bool = False
    state: str = JobState.QUEUED
    done: int = 0
    issued: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    batches: int = 0
    error: str = ""
    attempts: int = 0  # runs started; more than one means a worker died during the job
    code_key: str = field(default_factory=new_job_key)

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def belongs_to(self, user: object) -> bool:
        return isinstance(user, User) and user.pk == self.actor_id


def cache_is_shared() -> bool:
    """Whether another process (a Celery worker) writes where this process reads."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _job_key(job_id: str) -> str:
    return f"accounts:issue:{job_id}"


def job_create(*, actor: User, unit: OrgUnit, total: int, include_without_smartphone: bool) -> IssueJob:
    job = IssueJob(
        id=uuid.uuid4().hex,
        actor_id=actor.pk,
        unit_id=unit.pk,
        unit_code=unit.code,
        unit_name=unit.name,
        total=total,
        include_without_smartphone=include_without_smartphone,
    )
    job_save(job)
    return job


def job_get(job_id: str) -> IssueJob | None:
    data = strict_cache().get(_job_key(job_id)) if job_id.isalnum() else None
    return IssueJob(**data) if isinstance(data, dict) else None


def job_save(job: IssueJob) -> None:
    strict_cache().set(_job_key(job.id), asdict(job), timeout=KEEP if job.finished else RUNNING_TTL)


def job_finish(job: IssueJob, *, state: str, error: str = "") -> None:
    job.state = state
    job.error = error
    job_save(job)
