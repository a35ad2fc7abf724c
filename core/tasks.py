"""`@tenant_task`: a Celery task that only ever runs inside a tenant schema (tenancy rule 1).

Enqueueing one while the connection is on the public (or template) schema raises TenantRequired, and so does
running one whose message carries no tenant: it never falls back to the public schema.
"""

from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.task import TenantTask

from tenants.db.schema import current_schema

# A job whose lock another live process holds (tenants.db.locks.JobBusy) is retried every
# settings.JOB_BUSY_RETRY_SECONDS, at most this many times (at the default 30 s: two hours, longer than any job).
BUSY_MAX_RETRIES = 240


def busy_retry_seconds() -> int:
    return int(settings.JOB_BUSY_RETRY_SECONDS)


class TenantRequired(RuntimeError):
    pass


def non_tenant_schemas() -> set[str]:
    return {get_public_schema_name(), settings.TENANT_TEMPLATE_SCHEMA}


class TenantOnlyTask(TenantTask):
    abstract = True

    def apply_async(self, args: Any = None, kwargs: Any = None, **options: Any) -> Any:
        schema = (options.get("headers") or {}).get("_schema_name") or current_schema()
        if schema in non_tenant_schemas():
            raise TenantRequired(f"{self.name} must be enqueued inside a tenant (current schema: {schema})")
        return super().apply_async(args, kwargs, **options)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if current_schema() in non_tenant_schemas():
            raise TenantRequired(f"{self.name} received no tenant; refusing to run in {current_schema()}")
        return super().__call__(*args, **kwargs)


def tenant_task(name: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
    return shared_task(name=name, base=TenantOnlyTask, **options)
