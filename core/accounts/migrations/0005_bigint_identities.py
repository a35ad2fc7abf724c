"""Citus readiness (ADR 0025): every identity column of a tenant schema is bigint.

Django's own apps (auth, contenttypes, admin) and django-otp keep `AutoField` (integer) ids. Citus distributes
only tables whose identity columns are bigint, so this migration widens, in each tenant schema (and the
template), every integer identity column, its sequence, and every integer foreign-key column pointing at a
bigint key. The models are unchanged (Python ints either way); tests/citus/ fails if a later migration brings
an integer identity back.
"""

from django.db import migrations

WIDEN = """
DO $$
DECLARE r record;
BEGIN
    FOR r IN
        SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attidentity <> ''
          AND a.atttypid IN ('integer'::regtype, 'smallint'::regtype)
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE bigint', r.relname, r.attname);
        EXECUTE format('ALTER SEQUENCE %s AS bigint', pg_get_serial_sequence(quote_ident(r.relname), r.attname));
    END LOOP;
    FOR r IN
        SELECT DISTINCT c.relname, a.attname FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        JOIN pg_attribute t ON t.attrelid = k.confrelid AND t.attnum = k.confkey[1]
        WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND c.relnamespace = current_schema()::regnamespace
          AND a.atttypid = 'integer'::regtype AND t.atttypid = 'bigint'::regtype
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE bigint', r.relname, r.attname);
    END LOOP;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_accountstate_activation"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
        ("admin", "__latest__"),
        ("otp_static", "__latest__"),
        ("otp_totp", "__latest__"),
    ]

    operations = [migrations.RunSQL(WIDEN, migrations.RunSQL.noop)]
