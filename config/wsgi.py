"""WSGI entry point (gunicorn: infra/gunicorn.conf.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

from config.observability import init_sentry  # noqa: E402

init_sentry()
