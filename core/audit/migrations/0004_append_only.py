"""Audit entries are append-only in the database too (docs/adr/0020-readable-append-only-audit.md).

A trigger refuses UPDATE, DELETE and TRUNCATE of audit_auditevent from any client. Two updates stay possible
because the schema needs them: Django's SET_NULL when an account is deleted (only actor_id/on_behalf_of_id
become NULL, nothing else changes), and a redaction migration masking a newly registered sensitive field in old
rows (ADR 0012), which must say so with `SET LOCAL sotay.audit_redaction = 'on'` and may change `changes` only.

The function lives in the public schema (one definition for every tenant); it is created here, if missing, when
the template schema is migrated — `migrate_tenants` migrates the template before the tenants, so the parallel
tenant migrations find it. The clone (tenants/provisioning/clone.py) copies triggers whose function lives
outside the template.
"""

from django.db import migrations, models

FUNCTION = """
DO $do$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.proname = 'sotay_audit_append_only'
  ) THEN
    CREATE FUNCTION public.sotay_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF (NEW.id, NEW.action, NEW.target_type, NEW.target_id, NEW.changes::text, NEW.scope_path, NEW.request_id,
            NEW.created_at) IS NOT DISTINCT FROM
           (OLD.id, OLD.action, OLD.target_type, OLD.target_id, OLD.changes::text, OLD.scope_path, OLD.request_id,
            OLD.created_at)
           AND (NEW.actor_id IS NULL OR NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id)
           AND (NEW.on_behalf_of_id IS NULL OR NEW.on_behalf_of_id IS NOT DISTINCT FROM OLD.on_behalf_of_id) THEN
          RETURN NEW;  -- an account was deleted: its link is forgotten, the entry stays
        END IF;
        IF current_setting('sotay.audit_redaction', true) = 'on'
           AND (NEW.id, NEW.action, NEW.target_type, NEW.target_id, NEW.scope_path, NEW.request_id, NEW.created_at,
                NEW.actor_id, NEW.on_behalf_of_id) IS NOT DISTINCT FROM
               (OLD.id, OLD.action, OLD.target_type, OLD.target_id, OLD.scope_path, OLD.request_id, OLD.created_at,
                OLD.actor_id, OLD.on_behalf_of_id) THEN
          RETURN NEW;  -- a redaction migration masks sensitive values (ADR 0012)
        END IF;
      END IF;
      RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END;
    $fn$;
  END IF;
END
$do$;
"""

TRIGGERS = """
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION public.sotay_audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION public.sotay_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_redact_sensitive_values")]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
        ),
        migrations.RunSQL(FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP),
    ]
