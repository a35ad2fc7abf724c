from django.db import migrations


def fill(apps, schema_editor):
    from core.members.search import fold

    Member = apps.get_model("members", "Member")
    batch = []
    for member in Member.objects.only("pk", "full_name").iterator(chunk_size=2000):
        member.name_folded = fold(member.full_name)
        batch.append(member)
        if len(batch) >= 2000:
            Member.objects.bulk_update(batch, ["name_folded"])
            batch = []
    Member.objects.bulk_update(batch, ["name_folded"])


class Migration(migrations.Migration):
    dependencies = [("members", "0002_membertransfer_profilecorrection_and_more")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
