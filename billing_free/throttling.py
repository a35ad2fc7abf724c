"""API requests per minute per tenant (the plan's `api_per_minute`): 429 with Retry-After past the limit.

A fixed one-minute window counted with `cache.add` + `cache.incr` under a key that carries the tenant's schema
(the cache's KEY_FUNCTION adds it too). With Redis configured (REDIS_URL) the count is shared by every web
process; without it the local-memory cache counts per process, so the limit is approximate: each process
allows up to the limit (ADR 0034). Every allowed request is metered in process (`billing_free.meter`).
"""

import time
from typing import Any

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from billing_free import meter
from billing_free.plans import tenant_limits
from tenants.db.schema import current_schema

WINDOW = 60


class TenantPlanThrottle(BaseThrottle):
    def __init__(self) -> None:
        self.retry_after: int | None = None

    def allow_request(self, request: Request, view: Any) -> bool:
        schema = current_schema()
        limit = tenant_limits(schema).plan.api_per_minute
        meter.count(schema, "api_requests")
        if not limit:
            return True
        now = time.time()
        window = int(now // WINDOW)
        key = f"billing:api:{schema}:{window}"
        cache.add(key, 0, timeout=WINDOW * 2)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW * 2)
            used = 1
        if used > limit:
            self.retry_after = max(1, int((window + 1) * WINDOW - now + 0.999))
            return False
        return True

    def wait(self) -> float | None:
        return self.retry_after
