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

    # No select_related("child"): the live Child may have columns a later migration adds (only its key is compared).
    registrations_rekey(CareRegistration.objects.filter(data_key_id=F("child__data_key_id")))


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
