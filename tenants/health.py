"""/healthz (process up) and /readyz (database and broker reachable), on every routed host."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _broker_ok() -> tuple[bool, str]:
    if settings.CELERY_BROKER_URL.startswith(("memory://", "filesystem://")):
        return True, settings.CELERY_BROKER_URL.split(":", 1)[0]
    from config.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, conn.transport_cls if isinstance(conn.transport_cls, str) else "broker"
    except Exception as exc:
        return False, type(exc).__name__


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        ok, checks["database"] = False, type(exc).__name__
    broker_ok, detail = _broker_ok()
    checks["broker"] = "ok" if broker_ok else detail
    ok = ok and broker_ok
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)
