# In-app notifications moved to core/notifications (copied by its migration 0002).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0007_opinion_client_key"),
        ("notifications", "0002_copy_meeting_notifications"),  # rows copied first
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="notification",
            name="meeting_notif_user_idx",
        ),
        migrations.DeleteModel(
            name="Notification",
        ),
    ]
