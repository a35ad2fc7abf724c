"""PostgreSQL restarted under a web process: a persistent connection the server has dropped is noticed and
replaced before the next request's first query (CONN_HEALTH_CHECKS, on by default), so only requests in flight
at the restart fail. Without the check the next request on that connection fails too. (The end-to-end run with
a real restart and a real web server is `make bench ARGS=faults`.)"""

import copy

import pytest
from django.conf import settings
from django.db import OperationalError, connections

from tenants.backup.pgtools import raw_connection
from tenants.db.base import DatabaseWrapper


def _web_thread_connection(health_checks: bool) -> DatabaseWrapper:
    """A connection of its own, configured like a web thread's (persistent, optional health checks)."""
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    wrapper = DatabaseWrapper(settings_dict, alias="default")
    wrapper.set_schema_to_public()
    return wrapper


def _server_drops(wrapper: DatabaseWrapper) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with raw_connection(autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def _next_request(wrapper: DatabaseWrapper) -> int:
    wrapper.close_if_unusable_or_obsolete()  # what Django runs when a request starts (close_old_connections)
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


def test_health_checks_are_on_by_default():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_a_dropped_persistent_connection_is_replaced_before_the_next_request(db):
    """The wrappers are connections of their own, outside the test's transaction (`db` only sets up the
    test database)."""
    checked = _web_thread_connection(health_checks=True)
    unchecked = _web_thread_connection(health_checks=False)
    try:
        for wrapper in (checked, unchecked):
            _next_request(wrapper)  # a first request opens the persistent connection
            _server_drops(wrapper)
        assert _next_request(checked) == 1
        with pytest.raises(OperationalError):
            _next_request(unchecked)  # what happened before: one failed request per stale connection
        assert _next_request(unchecked) == 1  # the failure marked it; the request after reconnects
    finally:
        checked.close()
        unchecked.close()
