"""The template schema every tenant is cloned from; it must be at the latest migration before a clone."""

from django.conf import settings

from tenants.schema_migrations import migrate_schema, missing_by_schema


class TemplateMigrationFailed(RuntimeError):
    pass


def ensure_template_current() -> None:
    """Migrate the template schema if it is missing or behind the code (one query when it is current)."""
    template = settings.TENANT_TEMPLATE_SCHEMA
    if not missing_by_schema([template])[template]:
        return
    result = migrate_schema(template)
    if not result.ok:
        raise TemplateMigrationFailed(result.error)
