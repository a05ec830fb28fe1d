"""Re-create the append-only triggers of the event table and the subject index.

On SQLite, 0003 rebuilt audit_auditevent (to add columns) and so dropped the triggers 0002 had put on
it: UPDATE and DELETE of events succeeded on a migrated `make run` database. Keep this the last
migration that touches those tables, or call ``append_only_triggers_create`` again after a later one
(tests/audit/test_append_only.py migrates a fresh database and fails when a trigger is missing).
"""

from django.db import migrations

from audit.database import append_only_triggers_create


def create(apps, schema_editor):
    append_only_triggers_create(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_chain_head_mac")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
