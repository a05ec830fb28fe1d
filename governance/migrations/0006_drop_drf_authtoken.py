"""API tokens moved to django-rest-knox (hashed, expiring): DRF's plaintext token table goes.

The table belonged to rest_framework.authtoken, which is no longer installed, so nothing else
would ever drop it; its migration records go too, so reinstalling that app would start afresh.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0005_deletion'),
    ]

    operations = [
        migrations.RunSQL(
            sql=["DROP TABLE IF EXISTS authtoken_token", "DELETE FROM django_migrations WHERE app = 'authtoken'"],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
