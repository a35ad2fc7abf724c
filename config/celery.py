"""The Celery app. Tasks carry their tenant in the `_schema_name` header (tenant-schemas-celery).

Tenant tasks are declared with `@tenant_task` (core/tasks.py) and refuse to run or be enqueued without a
tenant; platform tasks (provisioning, beat dispatch) are plain `@app.task` and run in the public schema.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("sotay")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(lambda: ["tenants", "core.accounts"])
