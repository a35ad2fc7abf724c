"""Periodic news tasks, dispatched per ready tenant by beat (tenants.tasks.dispatch_to_ready_tenants)."""

from core.news.services.articles import articles_publish_due
from core.news.services.feeds import feed_fetch, feeds_claim_due
from core.tasks import tenant_task


@tenant_task(name="core.news.tasks.publish_due")
def publish_due() -> int:
    """Publish the tenant's scheduled articles whose time has come."""
    return articles_publish_due()


@tenant_task(name="core.news.tasks.feeds_fetch_due")
def feeds_fetch_due() -> int:
    """Hand each due feed of the tenant to its own task: a slow feed holds up only itself."""
    ids = feeds_claim_due()
    for feed_id in ids:
        fetch_feed.delay(feed_id)
    return len(ids)


@tenant_task(name="core.news.tasks.fetch_feed", soft_time_limit=60, time_limit=90)
def fetch_feed(feed_id: int) -> bool:
    """Fetch one feed (bounded by the fetcher's own deadline; the time limits are a second fence)."""
    return feed_fetch(feed_id=feed_id).ok
