"""The rollout gate's two caches (ADR 0039), so a signed-in member's request costs no gate query.

1. A tenant's unit states — code → (state, unit name), or None when the tenant has no rollout unit — kept per
   process under the tenant's schema name for at most `ROLLOUT_STATES_TTL` seconds (default 2). Every state
   change made through tenants/rollout/services.py drops the tenant's entry in the process that made it (at
   once and again after commit); other processes reload within the TTL. So a pause stops every member on every
   node within a couple of seconds, at the price of one small public query per process and tenant every two
   seconds under load (instead of one per request).
2. A member's gate facts — the code and name of the depth-1 unit above their cell, or "not gated" (a grant, a
   superuser) — in the shared cache, under keys that carry the schema (the cache's KEY_FUNCTION,
   django_tenants.cache.make_key, prefixes the connection's schema), for `ROLLOUT_FACTS_TTL` seconds (default
   60). They change only when a member moves to another unit or gains or loses a grant; such a change reaches
   the per-request gate within that minute. Logins never read this cache (gating.check_login_allowed).
"""

import hashlib
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from tenants.rollout.models import RolloutUnit

States = dict[str, tuple[str, str]]
Facts = tuple[str, str]  # (unit code, unit name); ("", "") = not gated
NOT_GATED: Facts = ("", "")

_states: dict[tuple[str, int], tuple[float, States | None]] = {}
_lock = threading.Lock()


def _states_ttl() -> float:
    return float(getattr(settings, "ROLLOUT_STATES_TTL", 2.0))


def _facts_ttl() -> int:
    return int(getattr(settings, "ROLLOUT_FACTS_TTL", 60))


def load_unit_states(tenant_id: int) -> States | None:
    """The tenant's unit states read now (one query on the public table), None when it has no rollout unit."""
    rows = RolloutUnit.objects.filter(tenant_id=tenant_id).values_list("unit_code", "state", "unit_name")
    return {code: (state, name) for code, state, name in rows} or None


def unit_states(schema: str, tenant_id: int) -> States | None:
    """The tenant's unit states, from this process's copy when younger than the TTL."""
    now = time.monotonic()
    entry = _states.get((schema, tenant_id))
    if entry is not None and entry[0] > now:
        return entry[1]
    states = load_unit_states(tenant_id)
    with _lock:
        _states[(schema, tenant_id)] = (now + _states_ttl(), states)
    return states


def unit_states_forget(schema: str | None = None) -> None:
    """Drop this process's copy of `schema`'s unit states (all tenants' when None)."""
    with _lock:
        for key in [k for k in _states if schema is None or k[0] == schema]:
            _states.pop(key, None)


def unit_states_changed(schema: str) -> None:
    """Called by every rollout write that changes a tenant's units: forget now and again after commit (a
    request reading between the two would otherwise keep the old state for a whole TTL)."""
    unit_states_forget(schema)
    transaction.on_commit(lambda: unit_states_forget(schema))


def user_facts_key(user_id: int) -> str:
    return f"rollout:gate-facts:user:{user_id}"


def token_facts_key(raw: str) -> str:
    """Never the token itself: a keyed hash of it."""
    return "rollout:gate-facts:token:" + hashlib.sha256(f"{settings.SECRET_KEY}:gate:{raw}".encode()).hexdigest()


def cached_facts(key: str, load: Callable[[], Facts | None]) -> Facts | None:
    """Facts under `key` in the tenant-keyed cache, loaded (and kept) on a miss. A None load (no member behind
    the key, e.g. an unknown token) is not kept."""
    found = cache.get(key)
    if found is not None:
        return (str(found[0]), str(found[1]))
    facts = load()
    if facts is not None:
        cache.set(key, list(facts), timeout=_facts_ttl())
    return facts


def facts_forget(user_id: int) -> None:
    """Drop the gate facts of account `user_id` in the current schema (e.g. after a move or a grant change)."""
    cache.delete(user_facts_key(user_id))
