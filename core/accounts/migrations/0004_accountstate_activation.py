from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_apitoken_password_mark")]

    operations = [
        migrations.AddField(
            model_name="accountstate",
            name="activation_digest",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
        migrations.AddField(
            model_name="accountstate",
            name="activation_expires_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="accountstate",
            name="activation_attempts",
            field=models.PositiveSmallIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name="accountstate",
            name="activation_used_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="accountstate",
            name="rehashed_from_mark",
            field=models.CharField(blank=True, db_default="", default="", max_length=64),
        ),
    ]
