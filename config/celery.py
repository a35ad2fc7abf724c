"""The Celery app. Tasks carry their tenant in the `_schema_name` header (tenant-schemas-celery).

Tenant tasks are declared with `@tenant_task` (core/tasks.py) and refuse to run or be enqueued without a
tenant; platform tasks (provisioning, beat dispatch) are plain `@app.task` and run in the public schema.
"""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("sotay")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.on_after_configure.connect
def _ensure_filesystem_broker_dirs(sender: CeleryApp, **kwargs: object) -> None:
    """The embedded (filesystem) broker needs its folders before the first message."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


app.autodiscover_tasks(
    lambda: [
        "tenants",
        "tenants.rollout",
        "tenants.backup",
        "core.accounts",
        "core.imports",
        "core.stats",
        "core.meetings",
        "core.library",
        "core.news",
        "core.notifications",
    ]
)
