"""Copy the meetings app's in-app notifications into this app before meetings drops its table: one notice per
distinct (text, link), one row per recipient with its read time kept. Copied rows count as already delivered
(pushed_at = their creation time), so nothing old is pushed or put in a digest."""

from django.db import migrations

COPY = [
    "INSERT INTO notifications_notice (kind, text, url, audience, created_at, state, cursor, recipients,"
    " statements, runs, pushed) SELECT 'meeting', text, url, 'members', min(created_at), 'done', 0, count(*), 0, 0, 0"
    " FROM meetings_notification GROUP BY text, url ORDER BY min(created_at), min(id)",
    "INSERT INTO notifications_notification (notice_id, user_id, read_at, pushed_at)"
    " SELECT n.id, m.user_id, m.read_at, m.created_at FROM meetings_notification m"
    " JOIN notifications_notice n ON n.text = m.text AND n.url = m.url AND n.key IS NULL"
    " ORDER BY m.created_at, m.id ON CONFLICT DO NOTHING",
]


def copy(apps, schema_editor):  # type: ignore[no-untyped-def]
    with schema_editor.connection.cursor() as cursor:
        for sql in COPY:
            cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("meetings", "0006_vote_voters_and_withheld_results"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
