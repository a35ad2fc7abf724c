"""Project wiring: settings, URL confs, the Celery app. No models live here."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
