import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import governance.crypto.fields


def registering_facility_from_child(apps, schema_editor):
    """Registrations made before the registering facility was recorded were held at the child's facility."""
    registration = apps.get_model("childcare", "CareRegistration")
    child = apps.get_model("childcare", "Child")
    registration.objects.filter(facility__isnull=True).update(
        facility_id=Subquery(child.objects.filter(pk=OuterRef("child_id")).values("facility_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('childcare', '0003_care'),
        ('governance', '0007_enrolment_code'),
    ]

    operations = [
        migrations.AddField(
            model_name='carefacility',
            name='interview_required',
            field=models.BooleanField(default=True, help_text='事前面接: registrations held here are approved only once the interview is recorded', verbose_name='approval needs the interview'),
        ),
        migrations.AddField(
            model_name='careregistration',
            name='allergy_notes',
            field=governance.crypto.fields.EncryptedTextField(blank=True, null=True, verbose_name='allergies'),
        ),
        migrations.AddField(
            model_name='careregistration',
            name='disability_notes',
            field=governance.crypto.fields.EncryptedTextField(blank=True, null=True, verbose_name='disabilities'),
        ),
        migrations.AddField(
            model_name='careregistration',
            name='health_notes',
            field=governance.crypto.fields.EncryptedTextField(blank=True, null=True, verbose_name='illness and injuries'),
        ),
        migrations.AddField(
            model_name='careregistration',
            name='facility',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='care_registrations', to='governance.facility', verbose_name='registering facility'),
        ),
        migrations.RunPython(registering_facility_from_child, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='careregistration',
            name='facility',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='care_registrations', to='governance.facility', verbose_name='registering facility'),
        ),
        # Only now the default for new rows (an encrypted field takes no plaintext default in SQL).
        migrations.AlterField(
            model_name='careregistration',
            name='allergy_notes',
            field=governance.crypto.fields.EncryptedTextField(blank=True, default='', null=True, verbose_name='allergies'),
        ),
        # Only now the default for new rows (an encrypted field takes no plaintext default in SQL).
        migrations.AlterField(
            model_name='careregistration',
            name='disability_notes',
            field=governance.crypto.fields.EncryptedTextField(blank=True, default='', null=True, verbose_name='disabilities'),
        ),
        # Only now the default for new rows (an encrypted field takes no plaintext default in SQL).
        migrations.AlterField(
            model_name='careregistration',
            name='health_notes',
            field=governance.crypto.fields.EncryptedTextField(blank=True, default='', null=True, verbose_name='illness and injuries'),
        ),
    ]
