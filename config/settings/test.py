"""Tests: the real PostgreSQL from infra/dev/test.py, tasks run eagerly, fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-7a1d")
os.environ.setdefault("PLATFORM_DOMAIN", "sotay.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sotay")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from config.settings.base import *  # noqa: F403
from config.settings.base import PLATFORM_DOMAIN

ALLOWED_HOSTS = [f".{PLATFORM_DOMAIN}", ".localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Results of the few tasks that keep them (e.g. whoami) for the real-worker tests.
CELERY_RESULT_BACKEND = "cache+memory://"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
NOTIFY_BY_EMAIL = True
WEBPUSH_EXTRA_HOSTS = ["127.0.0.1"]  # the fake push service of tests/core/notifications
LOGIN_FAILURE_LIMIT = 3
# The rollout gate's per-process copy of unit states (ADR 0039) does not expire within a test: query counts
# stay the same on a slow machine. Tests clear it after each test (tests/conftest.py); the TTL tests set it.
ROLLOUT_STATES_TTL = 3600.0
