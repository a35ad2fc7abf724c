"""Request ids, the tenant on every log line, and Sentry (only when SENTRY_DSN is set)."""

import logging
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.db import connection  # schema_name is read with getattr: this module loads before apps
from django.http import HttpRequest, HttpResponse

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")


class ContextFilter(logging.Filter):
    """Adds `tenant` (the connection's schema) and `request_id` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.tenant = getattr(connection, "schema_name", "-") or "-"
        record.request_id = request_id_var.get()
        return True


class RequestContextMiddleware:
    """Gives each request an id (kept from X-Request-ID when sane) and tags Sentry with the tenant."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.sentry = bool(settings.SENTRY_DSN)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if incoming.isalnum() and len(incoming) <= 64 else uuid.uuid4().hex
        token = request_id_var.set(rid)
        request.request_id = rid  # type: ignore[attr-defined]
        if self.sentry:
            import sentry_sdk

            sentry_sdk.set_tag("tenant", getattr(connection, "schema_name", "-"))
            sentry_sdk.set_tag("request_id", rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


def init_sentry() -> None:
    """Initialise Sentry when configured; called from wsgi/asgi and the Celery app."""
    if not settings.SENTRY_DSN:
        return
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=settings.env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=settings.env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
