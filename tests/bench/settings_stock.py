"""Bench: stock django-tenants (TenantMainMiddleware and its backend), for comparison."""

from config.settings.local import *  # noqa: F403
from config.settings.local import DATABASES, MIDDLEWARE

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
PUBLIC_SCHEMA_URLCONF = "tests.bench.urls"
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
TENANT_LIMIT_SET_CALLS = False
MIDDLEWARE = ["django_tenants.middleware.main.TenantMainMiddleware"] + [
    m for m in MIDDLEWARE if m != "tenants.middleware.TenantRoutingMiddleware"
]
LOGGING = {"version": 1, "disable_existing_loggers": True}
