"""Shared set-up of the benchmark modules: Django on the bench database, a provisioned tenant."""

import os
from typing import Any


def django_on_bench_db() -> None:
    """Point Django at BENCH_DATABASE_URL (given by infra/dev/bench.py) and set it up; accept any host."""
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]


def bench_tenant(slug: str, name: str) -> Any:
    """The tenant `slug`, migrated and provisioned through the real path if it does not exist yet."""
    from django.core.management import call_command

    from tenants.models import Tenant
    from tenants.provisioning.services import tenant_provision, tenant_request

    call_command("migrate_tenants", processes=2, verbosity=0)
    tenant = Tenant.objects.filter(schema_name=slug).first()
    if tenant is None:
        tenant = tenant_request(slug=slug, name=name, admin_email="a@b.vn", actor="bench", enqueue=False)
        tenant = tenant_provision(tenant_id=tenant.pk, actor="bench")
    return tenant
