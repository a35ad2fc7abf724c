"""Platform tasks of the rollout (public schema)."""

from celery import shared_task

from tenants.rollout.overview import adoption_overview_snapshot


@shared_task(name="tenants.rollout.tasks.adoption_overview_snapshot", ignore_result=True)
def overview_snapshot() -> int:
    return adoption_overview_snapshot()
