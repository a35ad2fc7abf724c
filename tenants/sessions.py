"""Session engine that binds each session to the schema that minted it (tenancy rule 2).

Sessions already live in each tenant's schema, so a cookie replayed on another tenant's host finds no row.
This engine adds a second, independent check: the schema is stored inside the session data and a session
loaded under any other schema is treated as empty (the user is anonymous).
"""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore

from tenants.db.schema import current_schema

SCHEMA_KEY = "_sotay_schema"


class SessionStore(DbSessionStore):
    def load(self) -> dict[str, Any]:
        data = super().load()
        if data and data.get(SCHEMA_KEY) != current_schema():
            self._session_key = None
            return {}
        return data

    def save(self, must_create: bool = False) -> None:
        self._get_session(no_load=must_create)[SCHEMA_KEY] = current_schema()  # type: ignore[attr-defined]
        super().save(must_create=must_create)
