"""Notification tasks; each names its tenant (tenant-schemas-celery) and is safe to run twice (ADR 0018, 0026).

- notify_fanout(notice): the rows of a subtree/committee notice, chunk by chunk, under the notice's job lock;
  then its deliveries.
- deliveries_send(notice) / deliveries_send_many(notices): pushes and emails, rows claimed before sending.
- digest_daily: the daily digest (beat dispatches it to every ready tenant).
"""

from typing import Any

from core.notifications.delivery import deliver
from core.notifications.digest import digest_run
from core.notifications.fanout import fanout_run
from core.tasks import BUSY_MAX_RETRIES, busy_retry_seconds, tenant_task
from tenants.db.locks import job_lock


@tenant_task(name="core.notifications.tasks.notify_fanout", bind=True, ignore_result=True)
def notify_fanout(self: Any, notice_id: int) -> dict[str, int]:
    with job_lock(f"notifications.fanout.{notice_id}") as mine:
        if not mine:
            raise self.retry(countdown=busy_retry_seconds(), max_retries=BUSY_MAX_RETRIES)
        notice = fanout_run(notice_id)
    if notice is None:
        return {"recipients": 0}
    deliveries_send.delay(notice_id)
    return {"recipients": notice.recipients, "statements": notice.statements, "runs": notice.runs}


@tenant_task(name="core.notifications.tasks.deliveries_send", ignore_result=True)
def deliveries_send(notice_id: int, user_ids: list[int] | None = None) -> dict[str, int]:
    sent = deliver(notice_id, user_ids=user_ids)
    return {"pushed": sent.pushed, "emailed": sent.emailed, "pruned": sent.pruned, "batches": sent.batches}


@tenant_task(name="core.notifications.tasks.deliveries_send_many", ignore_result=True)
def deliveries_send_many(notices: list[tuple[int, list[int]]]) -> int:
    """(notice id, its recipients) pairs of notify_each."""
    return sum(deliver(pk, user_ids=list(users)).pushed for pk, users in notices)


@tenant_task(name="core.notifications.tasks.digest_daily", bind=True, ignore_result=True)
def digest_daily(self: Any) -> dict[str, int]:
    with job_lock("notifications.digest") as mine:
        if not mine:
            raise self.retry(countdown=busy_retry_seconds(), max_retries=BUSY_MAX_RETRIES)
        return digest_run()
