from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0007_enrolment_code'),
    ]

    operations = [
        migrations.AddField(
            model_name='handoverledgerentry',
            name='purpose_code',
            field=models.CharField(default='', help_text='A registered purpose (governance.exchange.purposes)', max_length=100),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name='handoverledgerentry',
            name='purpose',
            field=models.CharField(blank=True, help_text='What the handler wrote about the exchange; an administrator may erase it', max_length=200),
        ),
        migrations.AddField(
            model_name='handoverledgerentry',
            name='purpose_erased_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
