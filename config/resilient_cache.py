"""The Redis cache, made to degrade instead of failing requests when Redis is unreachable.

`ResilientRedisCache` is Django's RedisCache with short socket timeouts. When a call fails with a connection or
timeout error, the process marks Redis down for `CACHE_REDIS_RETRY_SECONDS`, logs one warning, and serves
that call and every call in the window from a process-local memory cache (same keys: the schema stays in every
key). After the window the next call tries Redis again. So pages keep being served; what degrades while Redis
is away (docs/guides/operators.md, "Redis unavailable"):

- caches become per process (more database work; nothing is wrong, only slower);
- login throttling counts failures per process, so the limit applies per web process, not per cluster;
- values written during the outage stay in that process and are not seen by others, nor after Redis returns.

Work that must not silently stay in one process (bulk account issuance: its slips carry one-time passwords)
uses `strict_cache()`, which raises `CacheUnavailable` instead of falling back.
"""

import logging
import threading
import time
from typing import Any

import redis
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
_down_until: dict[str, float] = {}  # per process: LOCATION → monotonic time until which Redis is skipped
_outage: set[str] = set()  # LOCATIONs in an outage (warned once; an info line when they answer again)
_lock = threading.Lock()


class CacheUnavailable(RuntimeError):
    """The shared cache cannot be reached (strict access only)."""


def _retry_seconds() -> float:
    return float(getattr(settings, "CACHE_REDIS_RETRY_SECONDS", 5.0))


class _Strict:
    """RedisCache's API on the same server, raising CacheUnavailable on connection errors (no fallback)."""

    def __init__(self, backend: RedisCache) -> None:
        self._backend = backend

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._backend, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            except REDIS_ERRORS as exc:
                raise CacheUnavailable(str(exc)) from exc

        return call


class ResilientRedisCache(RedisCache):
    _WRAPPED = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many")

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, **params.get("OPTIONS", {})}
        super().__init__(server, params | {"OPTIONS": options})
        self._location = server
        fallback_params = {k: v for k, v in params.items() if k != "OPTIONS"} | {"OPTIONS": {"MAX_ENTRIES": 10_000}}
        self.fallback = LocMemCache(f"redis-fallback:{server}", fallback_params)
        self.strict = _Strict(RedisCache(server, params | {"OPTIONS": options}))

    def is_down(self) -> bool:
        return time.monotonic() < _down_until.get(self._location, 0.0)

    def _mark_down(self, exc: Exception) -> None:
        with _lock:
            first = self._location not in _outage
            _outage.add(self._location)
            _down_until[self._location] = time.monotonic() + _retry_seconds()
        if first:
            logger.warning("Redis cache unreachable (%s); serving from process memory for now", exc)

    def _mark_up(self) -> None:
        with _lock:
            was_down = self._location in _outage
            _outage.discard(self._location)
        if was_down:
            logger.info("Redis cache reachable again")

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.is_down():
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except REDIS_ERRORS as exc:
                self._mark_down(exc)
            else:
                if _outage:
                    self._mark_up()
                return result
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        self.fallback.clear()
        return self._call("clear")


def strict_cache() -> BaseCache | _Strict:
    """The default cache for work that must reach the shared cache or fail (never a per-process fallback)."""
    backend = caches["default"]
    return backend.strict if isinstance(backend, ResilientRedisCache) else backend
