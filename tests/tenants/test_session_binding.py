"""The session engine (tenants/sessions.py) binds a session to the schema that minted it: the same row found in
another tenant's schema (a copied table, a restored backup, a replayed cookie) loads as an empty session."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants.sessions import SCHEMA_KEY, SessionStore
from tests.conftest import PASSWORD, host
from tests.helpers import in_tenant, web_login


def _copy_session_row(key: str, source: str, target: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target}.django_session (session_key, session_data, expire_date) "
            f"SELECT session_key, session_data, expire_date FROM {source}.django_session WHERE session_key = %s",
            [key],
        )


def test_a_session_records_its_schema_and_loads_only_there(alpha, beta):
    with in_tenant(alpha):
        store = SessionStore()
        store["note"] = "alpha"
        store.save()
        key = store.session_key
        assert key is not None
        again = SessionStore(key)
        assert again.load() == {"note": "alpha", SCHEMA_KEY: "alpha"}
        assert again.session_key == key
    _copy_session_row(key, "alpha", "beta")
    with in_tenant(beta):
        stolen = SessionStore(key)
        assert stolen.load() == {}
        assert stolen.session_key is None  # a save would mint a new key, never write under the alpha one


def test_a_logged_in_session_copied_to_another_tenant_is_anonymous_there(alpha, beta):
    browser = Client(HTTP_HOST=host("alpha"))
    web_login(browser, "member_alpha", PASSWORD)
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value
    with in_tenant(alpha):
        assert SESSION_KEY in SessionStore(key).load()
    assert browser.get("/api/v1/me/").status_code == 200
    _copy_session_row(key, "alpha", "beta")
    replay = Client(HTTP_HOST=host("beta"))
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get("/api/v1/me/").status_code in (401, 403)


def test_a_new_session_is_written_without_reading_the_table_first(alpha):
    """`save(must_create=True)` of a fresh store (Django's `create()`) must not load a row for the key it has just
    minted: a load would find nothing, drop the key and mint another (two extra queries and a wasted key)."""
    with in_tenant(alpha):
        store = SessionStore()
        with CaptureQueriesContext(connection) as queries:
            store.create()
        statements = [q["sql"] for q in queries.captured_queries]
        reads = [sql for sql in statements if sql.lstrip().startswith("SELECT") and "session_data" in sql]
        assert reads == [], statements  # only Django's "is this new key free?" (SELECT 1 …) runs before the INSERT
        assert len([sql for sql in statements if sql.lstrip().startswith("INSERT")]) == 1, statements
        assert SessionStore(store.session_key).load() == {SCHEMA_KEY: "alpha"}
