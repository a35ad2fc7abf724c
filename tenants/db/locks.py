"""Run-once locks for background jobs: PostgreSQL session advisory locks.

The lock is held by the database session of the process running the job. When that process dies (SIGKILL, out
of memory, a lost host) the server ends its session and the lock is free again at once, so a redelivered task
can take the job over; a lock kept in the cache would outlive its holder until its TTL and leave the job
stranded. Keys carry the schema, so two tenants' jobs never contend.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

from tenants.db.schema import current_schema

JOB_LOCK_CLASS = 1_207_019  # first key of the two-key form; the org tree lock uses another


class JobBusy(RuntimeError):
    """Another live process is running this job: try again later (the task retries) rather than drop it."""


def _key(name: str) -> str:
    return f"{current_schema()}:{name}"


@contextmanager
def job_lock(name: str) -> Iterator[bool]:
    """Try to take the lock `name` (in the current schema) without waiting; yields whether it was taken and
    releases it on exit. Outside any transaction's lifetime: it survives commits and rollbacks inside."""
    key = _key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [JOB_LOCK_CLASS, key])
        taken = bool(cursor.fetchone()[0])
    try:
        yield taken
    finally:
        if taken:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, hashtext(%s))", [JOB_LOCK_CLASS, key])
            except DatabaseError:
                pass  # the session is gone, and the lock with it
