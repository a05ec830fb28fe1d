"""The event table and its subject index partitioned by month of ``occurred_at`` (PostgreSQL only).

Each table is renamed aside, re-created as a partitioned table of the same columns, given a partition for every
Asia/Tokyo month from its oldest row to AUDIT_PARTITIONS_AHEAD months ahead plus a DEFAULT partition, and its rows
are copied in unaltered (same ``seq``, same seal columns, same subject row ids); the counts are compared before
the old table is dropped. Then: the primary keys become (seq, occurred_at) and (id, occurred_at) (a partitioned
table's unique keys must include its partition key), ``seq`` and the subject ``id`` take their values from
sequences continuing the old ones, the indexes are re-created on the parents (each partition gets its own), the
unique index of chain positions is one per partition (``audit_partition_create``), and the append-only triggers
are re-created on the parents (PostgreSQL 13+ clones row triggers into every partition, present and future).

The subject rows' foreign key to the event cannot be kept (it would have to name occurred_at too): the database
constraint is dropped, and verification checks the subject index against the events (chain.verify).

SQLite (``make run``) is untouched: only Django's state learns that the foreign key has no constraint.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from audit.database import append_only_triggers_create, append_only_triggers_drop
from audit.partitions import CREATE_DEFAULTS, CREATE_FUNCTION, add_months, month_of

TABLES = {"audit_auditevent": ("AuditEvent", "seq"), "audit_auditeventsubject": ("AuditEventSubject", "id")}


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    append_only_triggers_drop(connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = 'audit_auditevent'::regclass")
        if cursor.fetchone()[0] == "p":
            return
        cursor.execute("SELECT current_schema()")
        schema = cursor.fetchone()[0]
        sequences, counts = {}, {}
        for table, (_, key) in TABLES.items():
            cursor.execute(f"SELECT pg_get_serial_sequence('{table}', '{key}')")
            (sequence,) = cursor.fetchone()
            cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
            sequences[table] = cursor.fetchone()
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
        cursor.execute("SELECT conname FROM pg_constraint WHERE contype = 'f' "
                       "AND conrelid = 'audit_auditeventsubject'::regclass")
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE audit_auditeventsubject DROP CONSTRAINT "{name}"')
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_unpartitioned")
            cursor.execute(f"CREATE TABLE {table} (LIKE {table}_unpartitioned INCLUDING DEFAULTS) "
                           "PARTITION BY RANGE (occurred_at)")
        cursor.execute(CREATE_FUNCTION.replace("{schema}", connection.ops.quote_name(schema)))
        for statement in CREATE_DEFAULTS:
            cursor.execute(statement)
        cursor.execute("SELECT min(occurred_at) FROM (SELECT min(occurred_at) AS occurred_at FROM "
                       "audit_auditevent_unpartitioned UNION ALL SELECT min(occurred_at) FROM "
                       "audit_auditeventsubject_unpartitioned) AS oldest")
        now = timezone.now()
        month, last = month_of(cursor.fetchone()[0] or now), add_months(month_of(now), settings.AUDIT_PARTITIONS_AHEAD)
        while month <= last:
            cursor.execute("SELECT audit_partition_create(%s)", [month])
            month = add_months(month, 1)
        for table, (model_name, key) in TABLES.items():
            cursor.execute(f"INSERT INTO {table} SELECT * FROM {table}_unpartitioned")
            cursor.execute(f"SELECT count(*) FROM {table}")
            copied = cursor.fetchone()[0]
            if copied != counts[table]:
                raise RuntimeError(f"{table}: {copied} rows copied into the partitions of {counts[table]}")
            cursor.execute(f"DROP TABLE {table}_unpartitioned")
            sequence = f"{table}_{key}_seq"
            last_value, is_called = sequences[table]
            cursor.execute(f"CREATE SEQUENCE {sequence} AS bigint OWNED BY {table}.{key}")
            cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])
            cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {key} SET DEFAULT nextval('{sequence}')")
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey PRIMARY KEY ({key}, occurred_at)")
            model = apps.get_model("audit", model_name)
            for index in model._meta.indexes:
                schema_editor.add_index(model, index)
            cursor.execute(f"ANALYZE {table}")
    append_only_triggers_create(connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0009_tenant_chains")]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name="auditeventsubject", name="event",
                field=models.ForeignKey(db_constraint=False, db_index=False,
                                        on_delete=django.db.models.deletion.PROTECT, related_name="subject_rows",
                                        to="audit.auditevent")),
        ]),
        migrations.RunPython(partition, migrations.RunPython.noop),
    ]
