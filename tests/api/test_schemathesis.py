"""Schemathesis over every operation of /api/v1/schema/, with a member's and an admin's token.

Bounded so it costs seconds, not minutes: a fixed seed (derandomized Hypothesis), a few examples per
operation and a wall-clock cap for the whole run. Checks: no 5xx, status codes, content types, headers
and bodies as documented (schemathesis' default checks), for positive and negative (invalid) inputs.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from tests.conftest import PASSWORD, host
from tests.helpers import in_tenant

EXAMPLES = 4  # per operation (valid and invalid inputs mixed), each sent with both tokens
TIME_CAP = 300.0  # seconds: a safety stop against a runaway run (it must still cover every operation, asserted)
# "Schema-valid request rejected": a schema-valid body may still break a business rule (a wrong current
# password, a meeting not open for check-in): that 4xx is right, not a schema violation.
# "Authentication ignored" re-sends every request without its token (a third of this test's requests): the login
# walk (tests/hardening/test_login_walk.py) already requests every API route, GET and POST, without credentials
# and with another tenant's session and token, and requires 401/403 from each.
EXCLUDED_CHECKS = [positive_data_acceptance, ignored_auth]


@contextmanager
def wsgi_app_in_this_transaction() -> Iterator[WSGIHandler]:
    """Django's WSGI app, seeing the test's transaction: like Django's test Client, keep the request signals
    from closing the connection (no test-Client request inside: each one reconnects them)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _token(client, username: str) -> str:
    response = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    assert response.status_code == 201, response.content
    return response.json()["token"]


def _run(operation, headers: list[dict[str, str]], failures: list[str]) -> None:
    """A few valid and invalid requests for `operation`, each sent with every token."""
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=cases)
    def check(case) -> None:
        for each in headers:
            try:
                case.call_and_validate(headers=each, excluded_checks=EXCLUDED_CHECKS)
            except (Exception, BaseExceptionGroup) as exc:  # collect: one run reports every failing operation
                failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:800]}")
                raise

    with suppress(Exception, BaseExceptionGroup):  # recorded in `failures` above
        check()


def test_every_operation_against_the_schema(alpha, alpha_client):
    with in_tenant(alpha):
        from tests.factories.org import build_tree

        build_tree()  # units, members and scoped users, so list endpoints have rows to serialise
    tokens = {"member": _token(alpha_client, "dv_x"), "admin": _token(alpha_client, "admin")}
    failures: list[str] = []
    started, done = time.monotonic(), 0
    with wsgi_app_in_this_transaction() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app, headers={"Host": host("alpha")})
        operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
        assert len(operations) > 40
        for operation in operations:
            if "auth/logout" in operation.path or "auth/refresh" in operation.path:
                continue  # would revoke the token the rest of the run uses (covered in tests/api/)
            _run(
                operation, [{"Host": host("alpha"), "Authorization": f"Bearer {t}"} for t in tokens.values()], failures
            )
            done += 1
            if time.monotonic() - started > TIME_CAP:
                break
    print(f"schemathesis: {done}/{len(operations)} operations in {time.monotonic() - started:.1f} s")
    assert failures == [], "\n".join(failures)
    assert done == len([op for op in operations if "auth/logout" not in op.path and "auth/refresh" not in op.path])
