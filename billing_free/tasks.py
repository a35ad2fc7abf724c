"""Platform tasks of billing_free (public schema; each names the tenants it works on, ADR 0034).

- usage_flush (every minute): this worker's in-process counters into DailyUsage (web processes flush
  themselves every 30 s and at exit).
- usage_hourly: today's levels of every ready tenant, then the soft-limit alerts.
- usage_nightly: scheduled plan changes whose day has come, the storage reconciliation against the stored
  files, today's levels again, and daily rows older than 24 months deleted.
"""

import logging

from celery import shared_task

from billing_free import meter
from billing_free.alerts import alerts_check
from billing_free.metering import storage_reconcile, usage_prune, usage_snapshot
from billing_free.services import plan_changes_apply_due
from tenants.db.schema import activate_public
from tenants.models import Tenant, TenantStatus

logger = logging.getLogger(__name__)


def _ready() -> list[Tenant]:
    activate_public()
    return list(Tenant.objects.filter(status=TenantStatus.READY).order_by("pk"))


@shared_task(name="billing_free.tasks.usage_flush", ignore_result=True)
def usage_flush() -> int:
    activate_public()
    return meter.flush()


@shared_task(name="billing_free.tasks.usage_hourly", ignore_result=True)
def usage_hourly() -> int:
    meter.flush()
    done = 0
    for tenant in _ready():
        try:
            usage_snapshot(tenant)
            alerts_check(tenant)
        except Exception:  # one broken tenant must not stop the others' metering
            logger.exception("usage snapshot failed for %s", tenant.schema_name)
            activate_public()
            continue
        done += 1
    return done


@shared_task(name="billing_free.tasks.usage_nightly", ignore_result=True)
def usage_nightly() -> int:
    plan_changes_apply_due()
    done = 0
    for tenant in _ready():
        try:
            storage_reconcile(tenant)
            usage_snapshot(tenant)
            alerts_check(tenant)
        except Exception:
            logger.exception("nightly usage failed for %s", tenant.schema_name)
            activate_public()
            continue
        done += 1
    usage_prune()
    return done
