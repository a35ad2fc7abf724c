from django.db import migrations


def create_free_plan(apps, schema_editor):
    Plan = apps.get_model("billing_free", "Plan")
    Plan.objects.update_or_create(code="free", defaults={"name": "Miễn phí", "max_members": 0, "max_storage_mb": 0})


class Migration(migrations.Migration):
    dependencies = [("billing_free", "0001_initial")]
    operations = [migrations.RunPython(create_free_plan, migrations.RunPython.noop)]
