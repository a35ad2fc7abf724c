"""Session engine that binds each session to the schema that minted it (tenancy rule 2), cached (ADR 0039).

Sessions already live in each tenant's schema, so a cookie replayed on another tenant's host finds no row.
This engine adds a second, independent check: the schema is stored inside the session data and a session
loaded under any other schema is treated as empty (the user is anonymous).

Reads go through the shared cache first (Django's cached_db engine): a signed-in request loads its session
without a query. The cache key carries the schema (the cache's KEY_FUNCTION prefixes it), the schema check
above applies to cached data too, and writes go to the database first, then the cache. A cached copy lives at
most SESSION_CACHE_SECONDS (5 min): a logout made while Redis was unreachable (the cache then falls back to
per-process memory, config/resilient_cache.py) cannot leave a stale signed-in copy in Redis for longer.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbSessionStore

from tenants.db.schema import current_schema

SCHEMA_KEY = "_sotay_schema"


class _CappedCache:
    """The session cache with every timeout capped at SESSION_CACHE_SECONDS."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        cap = int(getattr(settings, "SESSION_CACHE_SECONDS", 300))
        self._backend.set(key, value, cap if timeout is None else max(0, min(int(timeout), cap)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)

    def __contains__(self, key: str) -> bool:
        return key in self._backend


class SessionStore(CachedDbSessionStore):
    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._cache: Any = _CappedCache(self._cache)

    def load(self) -> dict[str, Any]:
        data = super().load()
        if data and data.get(SCHEMA_KEY) != current_schema():
            self._session_key = None
            return {}
        return data

    def save(self, must_create: bool = False) -> None:
        self._get_session(no_load=must_create)[SCHEMA_KEY] = current_schema()  # type: ignore[attr-defined]
        super().save(must_create=must_create)
