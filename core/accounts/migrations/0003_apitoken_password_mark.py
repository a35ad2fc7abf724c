"""API tokens carry a mark of the account's password (core/accounts/tokens.py): tokens already issued get the
mark of the current password, so nobody is logged out by the deploy."""

from typing import Any

from django.db import migrations, models
from django.utils.crypto import salted_hmac

# Frozen copy of core.accounts.tokens.PASSWORD_MARK_SALT / password_mark at the time of this migration.
SALT = "sotay.accounts.tokens.password_mark"


def mark_existing(apps: Any, schema_editor: Any) -> None:
    token_model = apps.get_model("accounts", "ApiToken")
    for token in token_model.objects.select_related("user").iterator(chunk_size=2000):
        mark = salted_hmac(SALT, token.user.password, algorithm="sha256").hexdigest()
        token_model.objects.filter(pk=token.pk).update(password_mark=mark)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_accountstate_dailyaccess_device")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="password_mark",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]
