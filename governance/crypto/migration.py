"""Schema steps an app's migrations take for sealed records (see governance.crypto.fields).

``encrypted_columns_nullable(app_label)`` makes every encrypted field column of the app's models
nullable where an earlier version created it NOT NULL: a sealed record leaves its per-field columns
empty. A database created since never has such columns, so the step then changes nothing.
"""

import copy

from django.db import migrations

from governance.crypto.fields import EncryptedField


def encrypted_columns_nullable(app_label: str) -> migrations.RunPython:
    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        for model in apps.get_app_config(app_label).get_models():
            fields = [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedField)]
            if not fields:
                continue
            with connection.cursor() as cursor:
                nullable = {c.name: c.null_ok for c in
                            connection.introspection.get_table_description(cursor, model._meta.db_table)}
            for field in fields:
                if nullable.get(field.column) is False:
                    was = copy.copy(field)
                    was.null = False
                    schema_editor.alter_field(model, was, field)

    return migrations.RunPython(forwards, migrations.RunPython.noop)
