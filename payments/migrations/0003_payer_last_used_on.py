from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def last_use_backfill(apps, schema_editor):
    """Existing payers: the latest handling deadline of their slips."""
    Payer, Slip = apps.get_model("payments", "Payer"), apps.get_model("payments", "Slip")
    latest = Slip.objects.filter(charge__payer=OuterRef("pk")).values("charge__payer").annotate(
        last=Max("handling_deadline")).values("last")
    Payer.objects.update(last_used_on=Subquery(latest))


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0002_payer_personal_fields_import_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="payer",
            name="last_used_on",
            field=models.DateField(blank=True, null=True, help_text="The last day one of the payer's slips can be "
                                                                    "paid: retention counts from it"),
        ),
        migrations.RunPython(last_use_backfill, migrations.RunPython.noop),
    ]
