"""The shredding mark: one row changed by a trigger whenever a data key is shredded (governance.crypto.database)."""

import random

from django.db import migrations, models

from governance.crypto.database import shredding_trigger_create, shredding_trigger_drop


def mark_create(apps, schema_editor):
    apps.get_model("governance", "ShreddingMark").objects.using(schema_editor.connection.alias).create(
        id=1, value=random.SystemRandom().randrange(2**53))
    shredding_trigger_create(schema_editor.connection)


def mark_drop(apps, schema_editor):
    shredding_trigger_drop(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0014_sealed_records_of_jobs_and_mail'),
    ]

    operations = [
        migrations.CreateModel(
            name='ShreddingMark',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.BigIntegerField()),
            ],
            options={
                'verbose_name': 'shredding mark',
            },
        ),
        migrations.RunPython(mark_create, mark_drop),
    ]
