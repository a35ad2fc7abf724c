"""Development: `make run`. DATABASE_URL is provided by infra/dev/run.py (embedded PostgreSQL) or by you."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-5b0e3f1c9d")
os.environ.setdefault("PLATFORM_DOMAIN", "localhost")
os.environ.setdefault("DEBUG", "true")

from config.settings.base import *  # noqa: F403
from config.settings.base import PLATFORM_DOMAIN

ALLOWED_HOSTS = [f".{PLATFORM_DOMAIN}", "127.0.0.1"]
# The demo committees' feed is served by this development server (docs/guides/news.md).
FEED_ALLOWED_PRIVATE_NETWORKS = env.list("FEED_ALLOWED_PRIVATE_NETWORKS", default=["127.0.0.0/8", "::1/128"])  # noqa: F405
