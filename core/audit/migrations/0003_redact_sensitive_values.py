"""Audit rows written before sensitive values were masked at write (docs/adr/0012-sensitive-fields.md) lose
them: the value under every `citizen_id` key, at any depth, becomes the mask."""

from typing import Any

from django.db import migrations
from django.db.models import TextField
from django.db.models.functions import Cast

# Frozen copies of core.members.sensitive.MASK / SENSITIVE_FIELDS at the time of this migration.
MASK = "••••••"
KEYS = ("citizen_id",)


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    return MASK if value not in (None, "") else value


def _redact(changes: Any) -> Any:
    if isinstance(changes, dict):
        return {k: _masked(v) if k in KEYS else _redact(v) for k, v in changes.items()}
    if isinstance(changes, list):
        return [_redact(v) for v in changes]
    return changes


def redact_existing(apps: Any, schema_editor: Any) -> None:
    from django.db import connection

    with connection.cursor() as cursor:  # audit rows are append-only; masking is the one permitted update (0004)
        cursor.execute("SET LOCAL sotay.audit_redaction = 'on'")
    event_model = apps.get_model("audit", "AuditEvent")
    rows_of = event_model._base_manager  # a plain manager: the model's own refuses updates (append-only, 0004)
    for key in KEYS:
        as_text = rows_of.annotate(text=Cast("changes", TextField()))
        rows = as_text.filter(text__contains=f'"{key}"')
        for event in rows.iterator(chunk_size=2000):
            redacted = _redact(event.changes)
            if redacted != event.changes:
                rows_of.filter(pk=event.pk).update(changes=redacted)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_auditevent_scope_path_auditevent_audit_scope_idx")]

    operations = [migrations.RunPython(redact_existing, migrations.RunPython.noop)]
