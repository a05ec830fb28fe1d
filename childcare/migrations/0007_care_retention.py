import datetime

import django.db.models.deletion
from django.db import migrations, models


def fiscal_year_ends(apps, schema_editor):
    """Each booked day's fiscal year ends on the next 31 March (on PostgreSQL and the embedded SQLite alike)."""
    CareBooking = apps.get_model("childcare", "CareBooking")
    for booking in CareBooking.objects.only("pk", "date").iterator():
        year = booking.date.year + (1 if booking.date.month >= 4 else 0)
        CareBooking.objects.filter(pk=booking.pk).update(fiscal_year_ends_on=datetime.date(year, 3, 31))


def own_data_keys(apps, schema_editor):
    """Registrations sealed with their child's key get their own (the live model re-seals their values)."""
    from django.db.models import F

    from childcare.care.models import CareRegistration
    from childcare.care.retention import registrations_rekey

    # The live model has columns added by later migrations (sealed records): the query leaves them out, and
    # re-keying a registration (which writes them) fails loudly rather than half-applied on such a database.
    # Its base manager: the default one reads the shredding mark, a table of a later migration too.
    shared = (CareRegistration._base_manager.filter(data_key_id=F("child__data_key_id"))
              .only(*(f.name for f in CareRegistration._meta.concrete_fields if not f.name.startswith("sealed_"))))
    registrations_rekey(shared)


class Migration(migrations.Migration):

    dependencies = [
        ("childcare", "0006_care_fees"),
    ]

    operations = [
        migrations.AddField(
            model_name="carebooking",
            name="fiscal_year_ends_on",
            field=models.DateField(null=True, help_text="The end of the booked day's fiscal year: retention counts from it"),
        ),
        migrations.RunPython(fiscal_year_ends, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="carebooking",
            name="fiscal_year_ends_on",
            field=models.DateField(help_text="The end of the booked day's fiscal year: retention counts from it"),
        ),
        migrations.AlterField(
            model_name="carewaitlistentry",
            name="booking",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                       related_name="+", to="childcare.carebooking"),
        ),
        migrations.RunPython(own_data_keys, migrations.RunPython.noop),
    ]
