"""A live server for browser tests that does not wipe the database.

pytest-django's `live_server` forces `transactional_db`, whose teardown truncates every table — including
the session-wide tenants the other tests rely on. This server reads the committed session data instead.
"""

from collections.abc import Iterator

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread


@pytest.fixture(scope="session")
def live_port(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[int]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield thread.port
        finally:
            thread.terminate()
