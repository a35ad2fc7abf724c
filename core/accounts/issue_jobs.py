"""Bulk issuance jobs held in the (tenant-keyed) cache: progress, and the one-time slips with clear passwords.

Clear initial passwords exist only here, never in the database: each committed batch adds one cache entry of
slips, kept `SLIPS_TTL` after the job ends (longer while it runs, so early batches survive a long job). The
slips page takes them exactly once (`job_take_slips` deletes them; a second reader gets None, guarded by
`cache.add`, which is atomic on Redis and on LocMem).

Progress and slips must be visible to the web process while a Celery worker writes them, so the cache must
be shared between processes (Redis, `REDIS_URL`). With the per-process LocMem cache (development without
Redis) `cache_is_shared()` is False and issuance runs inside the web request instead of on the worker.
Every access goes through `strict_cache()`: while Redis is unreachable it raises CacheUnavailable instead of
quietly keeping slips in one process's memory (config/resilient_cache.py).

A run records the batch it is about to write (`pending`: member id → password and hash) before writing it, so
a run whose worker died after the batch committed but before its slips were published can publish them on
resume (issuance.issue_job_run).
"""

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

from config.resilient_cache import CacheUnavailable, strict_cache
from core.org.models import OrgUnit

__all__ = ["CacheUnavailable"]

SLIPS_TTL = 30 * 60
SECONDS_PER_ACCOUNT_BOUND = 2  # generous bound of PBKDF2 time per account, to keep slips while a job runs


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
    slips_taken: bool = False
    attempts: int = 0  # runs started; more than one means a worker died during the job
    pending: dict[str, list[str]] = field(default_factory=dict)  # batch being written: member id → [password, hash]

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


def _slips_key(job_id: str, batch: int) -> str:
    return f"accounts:issue:{job_id}:slips:{batch}"


def _running_ttl(job: IssueJob) -> int:
    return SLIPS_TTL + SECONDS_PER_ACCOUNT_BOUND * max(job.total - job.done, 0)


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
    ttl = SLIPS_TTL if job.finished else _running_ttl(job)
    strict_cache().set(_job_key(job.id), asdict(job), timeout=ttl)


def job_add_slips(job: IssueJob, slips: list[dict[str, Any]]) -> None:
    """Store one committed batch of slips (call after the batch's transaction committed)."""
    if not slips:
        return
    strict_cache().set(_slips_key(job.id, job.batches), slips, timeout=_running_ttl(job))
    job.batches += 1


def job_finish(job: IssueJob, *, state: str, error: str = "") -> None:
    """Mark the job finished and shorten every batch's lifetime to SLIPS_TTL from now."""
    job.state = state
    job.error = error
    for batch in range(job.batches):
        strict_cache().touch(_slips_key(job.id, batch), SLIPS_TTL)
    job_save(job)


def job_take_slips(job: IssueJob) -> list[dict[str, Any]] | None:
    """All slips of a finished job, once: they are deleted as they are read. None if already taken/expired."""
    if job.slips_taken or not strict_cache().add(f"{_job_key(job.id)}:taken", 1, timeout=SLIPS_TTL):
        return None
    keys = [_slips_key(job.id, batch) for batch in range(job.batches)]
    found = strict_cache().get_many(keys)
    strict_cache().delete_many(keys)
    job.slips_taken = True
    job_save(job)
    if keys and not found:
        return None
    return [slip for key in keys for slip in found.get(key, [])]
