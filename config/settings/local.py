"""Development: `make run`. DATABASE_URL is provided by infra/dev/run.py (embedded PostgreSQL) or by you."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-5b0e3f1c9d")
os.environ.setdefault("PLATFORM_DOMAIN", "localhost")
# DEBUG stays off by default, so `make run` shows the product's own Vietnamese error pages (403/404/500) as users
# see them; `DEBUG=true make run` brings Django's debug pages back for a developer who wants them.
os.environ.setdefault("DEBUG", "false")

from config.settings.base import *  # noqa: F403
from config.settings.base import PLATFORM_DOMAIN

ALLOWED_HOSTS = [f".{PLATFORM_DOMAIN}", "127.0.0.1"]
# The demo committees' feed is served by this development server (docs/guides/news.md).
FEED_ALLOWED_PRIVATE_NETWORKS = env.list("FEED_ALLOWED_PRIVATE_NETWORKS", default=["127.0.0.0/8", "::1/128"])  # noqa: F405

# Development server: the demo console operator may be created, links are http, and WhiteNoise serves the static
# files straight from the source folders (no collectstatic), also with DEBUG off.
DEV_SERVER = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
