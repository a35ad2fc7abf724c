"""/healthz (process up) and /readyz (database and broker reachable), on every routed host.

/readyz answers everyone with its status code (200 ready, 503 not) and `{"status": …}`; which check failed
and why is shown only to a platform operator signed in on the console host, or to monitoring sending the
`X-Health-Token` configured in HEALTH_DETAIL_TOKEN (exception names and broker kinds help an attacker more
than a member).
"""

import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache


@login_not_required  # load balancers and monitoring
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


def _may_see_details(request: HttpRequest) -> bool:
    token = settings.HEALTH_DETAIL_TOKEN
    if token and hmac.compare_digest(request.headers.get("X-Health-Token", "").encode(), token.encode()):
        return True
    if getattr(request, "tenant", None) is not None:
        return False  # tenant hosts have no operators: their users are the committee's
    from tenants.console.access import is_operator

    return is_operator(request.user)


@login_not_required  # load balancers and monitoring: status code only unless operator/token
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
    body: dict[str, object] = {"status": "ok" if ok else "unavailable"}
    if _may_see_details(request):
        body["checks"] = checks
    return JsonResponse(body, status=200 if ok else 503)
