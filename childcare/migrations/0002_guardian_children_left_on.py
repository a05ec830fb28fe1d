from django.db import migrations, models


def children_left_backfill(apps, schema_editor):
    """Guardians all of whose children have left: the day the last one left."""
    Guardian, ChildGuardian = apps.get_model("childcare", "Guardian"), apps.get_model("childcare", "ChildGuardian")
    for guardian_id in Guardian.objects.values_list("pk", flat=True):
        left = list(ChildGuardian.objects.filter(guardian_id=guardian_id).values_list("child__left_on", flat=True))
        if left and None not in left:
            Guardian.objects.filter(pk=guardian_id).update(children_left_on=max(left))


class Migration(migrations.Migration):

    dependencies = [
        ("childcare", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="guardian",
            name="children_left_on",
            field=models.DateField(blank=True, null=True, help_text="When the last of the guardian's children left "
                                                                    "(empty while one is enrolled): retention counts "
                                                                    "from it"),
        ),
        migrations.RunPython(children_left_backfill, migrations.RunPython.noop),
    ]
