"""Events are never updated: their places in their tenants' chains move from the event's own seal columns into
seal rows (``AuditSeal``), one per tenant and sealer round; the sealer finds new events by their writing
transaction (``xact``).

The sealed events of each chain become seal rows of consecutive positions (a new row at every gap or broken link,
so verification still names them), with the link hashes as they were: no checkpoint changes. Events not sealed yet
get ``xact`` 0, below every transaction id, so the first round reads them; sealed ones keep NULL and are never read
again. Then the seal columns, their indexes and the positions' unique indexes are dropped, and every trigger now
refuses any UPDATE. On PostgreSQL ``xact`` is added without a default (no rewrite of the partitions), then given it.
"""

from django.db import migrations, models
from django.utils import timezone

import audit.models
from audit.database import append_only_triggers_create, append_only_triggers_drop
from audit.partitions import CREATE_FUNCTION

ROW = 5000  # positions per converted seal row


def seals_from_columns(apps, schema_editor):
    connection = schema_editor.connection
    AuditEvent, AuditSeal = apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AuditSeal")
    append_only_triggers_drop(connection)
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_schema()")
            cursor.execute(CREATE_FUNCTION.replace("{schema}", connection.ops.quote_name(cursor.fetchone()[0])))
        cursor.execute(f"ALTER TABLE {table} ADD COLUMN xact bigint NULL")
        cursor.execute(f"UPDATE {table} SET xact = 0 WHERE chain_seq IS NULL")
        cursor.execute("DROP INDEX IF EXISTS audit_event_chain_position")  # SQLite's (PostgreSQL's are per month)
    # The first round reads from here: on PostgreSQL by transaction id (the unsealed got 0, the sealed NULL); on
    # SQLite by seq (its one writer commits in seq order, and the sealer sealed in that order).
    horizon = 0
    if connection.vendor != "postgresql":
        horizon = 1 + (AuditEvent.objects.filter(chain_seq__isnull=False).aggregate(m=models.Max("seq"))["m"] or 0)
    rows, current = [], None

    def close():
        if current:
            rows.append(AuditSeal(**current))

    events = (AuditEvent.objects.filter(chain_seq__isnull=False).order_by(models.F("tenant_id").asc(nulls_first=True),
                                                                          "chain_seq")
              .values_list("tenant_id", "chain_seq", "seq", "prev_hash", "hash", "occurred_at", "sealed_at"))
    for tenant_id, position, seq, prev, digest, occurred_at, sealed_at in events.iterator(chunk_size=ROW):
        chain = tenant_id or 0
        if (current is None or current["chain"] != chain or current["first"] + len(current["seqs"]) != position
                or current["hash"] != prev or len(current["seqs"]) >= ROW):
            close()
            current = {"chain": chain, "first": position, "seqs": [], "prev_hash": prev, "hash": prev,
                       "occurred_from": occurred_at, "occurred_to": occurred_at, "horizon": horizon,
                       "sealed_at": sealed_at or timezone.now()}
        current["seqs"].append(seq)
        current["hash"] = digest
        current["occurred_from"] = min(current["occurred_from"], occurred_at)
        current["occurred_to"] = max(current["occurred_to"], occurred_at)
        current["sealed_at"] = max(current["sealed_at"], sealed_at or current["sealed_at"])
        if len(rows) >= 100:
            AuditSeal.objects.bulk_create(rows)
            rows.clear()
    close()
    AuditSeal.objects.bulk_create(rows)


def xact_default(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditevent ALTER COLUMN xact "
                           "SET DEFAULT (pg_current_xact_id()::text::bigint)")
    append_only_triggers_create(connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0013_seal_once_compares_columns")]

    operations = [
        migrations.CreateModel(
            name="AuditSeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("chain", models.BigIntegerField(help_text="The tenant id (0: events of no tenant)")),
                ("first", models.BigIntegerField(blank=True, help_text="Chain position of the first event",
                                                 null=True)),
                ("seqs", models.JSONField(help_text="The events' seq, in chain order")),
                ("prev_hash", models.CharField(blank=True, max_length=64)),
                ("hash", models.CharField(blank=True, max_length=64)),
                ("occurred_from", models.DateTimeField(
                    help_text="The earliest occurred_at of the events (partition pruning)")),
                ("occurred_to", models.DateTimeField()),
                ("horizon", models.BigIntegerField()),
                ("deferred", models.JSONField(blank=True, default=list, help_text="Transactions below the horizon "
                                              "still in progress when the round read")),
                ("sealed_at", models.DateTimeField()),
                ("xact", models.BigIntegerField(blank=True, db_default=audit.models.CurrentTransaction(),
                                                editable=False, null=True)),
            ],
            options={
                "indexes": [models.Index(condition=models.Q(("first__isnull", True)), fields=["chain", "id"],
                                         name="audit_seal_held")],
                "constraints": [models.UniqueConstraint(fields=("chain", "first"), name="audit_seal_chain_position")],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddField(
                model_name="auditevent", name="xact",
                field=models.BigIntegerField(blank=True, db_default=audit.models.CurrentTransaction(),
                                             editable=False, null=True))],
            database_operations=[migrations.RunPython(seals_from_columns)],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveConstraint(model_name="auditevent",
                                                          name="audit_event_chain_position")],
        ),
        migrations.RemoveIndex(model_name="auditevent", name="audit_event_unsealed"),
        migrations.RemoveField(model_name="auditevent", name="chain_seq"),
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.RemoveField(model_name="auditevent", name="sealed_at"),
        migrations.AddIndex(model_name="auditevent", index=models.Index(fields=["xact"], name="audit_event_xact")),
        migrations.AlterField(
            model_name="auditarchive", name="kept",
            field=models.JSONField(blank=True, default=list, help_text="[seq, position, previous link, link] of the "
                                   "events at or before size still in the database")),
        migrations.RunPython(xact_default),
    ]
