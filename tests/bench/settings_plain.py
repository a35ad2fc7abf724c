"""Bench: the same view and middleware in a plain Django project without tenancy."""

from config.settings.local import *  # noqa: F403
from config.settings.local import DATABASES, MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
DATABASES["default"]["ENGINE"] = "django.db.backends.postgresql"
DATABASE_ROUTERS: tuple[str, ...] = ()  # type: ignore[no-redef]
# Without tenancy there is no host routing and no rollout gate (both need tenants); the tenant-routed side keeps
# them, so their cost is counted.
MIDDLEWARE = [
    m
    for m in MIDDLEWARE
    if m not in ("tenants.middleware.TenantRoutingMiddleware", "tenants.rollout.middleware.RolloutGateMiddleware")
]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING = {"version": 1, "disable_existing_loggers": True}
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "core.audit",
    "core.org",
    "core.members",
    "core.accounts",
    "core.access",
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
