"""Bench: Sổ tay's own tenancy (routing middleware, backend, in-process host map)."""

from config.settings.local import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
PUBLIC_SCHEMA_URLCONF = "tests.bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": True}
