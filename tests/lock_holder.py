"""Hold a job lock from another database session, as a live worker running that job would."""

import time
from collections.abc import Iterator
from contextlib import contextmanager

from tenants.backup.pgtools import raw_connection
from tenants.db.locks import JOB_LOCK_CLASS


@contextmanager
def lock_held_elsewhere(schema: str, name: str) -> Iterator[None]:
    conn = raw_connection(autocommit=True)
    pid = conn.info.backend_pid
    try:
        conn.execute("SELECT pg_advisory_lock(%s, hashtext(%s))", [JOB_LOCK_CLASS, f"{schema}:{name}"])
        yield
    finally:
        conn.close()  # ending the session frees the lock, as a dying worker's would …
        with raw_connection(autocommit=True) as watcher:  # … once the server has ended that session
            deadline = time.monotonic() + 10
            while watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
                assert time.monotonic() < deadline, "the lock holder's session did not end"
                time.sleep(0.01)
