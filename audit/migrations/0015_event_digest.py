"""Each event stores the SHA-256 of its canonical content (``digest``), made when it is written; its MAC and its
chain link cover that digest, so the sealer links an event without decoding its content. Events written before
keep an empty digest, and their MAC and links as they were (the content itself): nothing is rewritten.

On PostgreSQL the column is added with a constant default (no rewrite of the partitions); a row inserted
without one reads as written before digests. On SQLite the table is
rebuilt, which drops its triggers: they are made again.
"""

from django.db import migrations, models

from audit.database import append_only_triggers_create


def triggers(apps, schema_editor):
    append_only_triggers_create(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0014_seals")]

    operations = [
        migrations.AddField(
            model_name="auditevent", name="digest",
            field=models.CharField(blank=True, default="", db_default="", max_length=64, help_text=(
                "SHA-256 of the canonical content, made when the event is written; the MAC and the chain link cover "
                "it (empty: an event written before digests, whose MAC and link cover the content itself)"))),
        migrations.AlterField(
            model_name="auditevent", name="mac",
            field=models.CharField(max_length=64, help_text="HMAC of the digest (of the content and tenant), made "
                                                            "when the event is written")),
        # An append leaves the single chain's columns to the database: no constant parameters on every INSERT.
        migrations.AlterField(model_name="auditevent", name="legacy_prev_hash",
                              field=models.CharField(blank=True, default="", db_default="", max_length=64)),
        migrations.AlterField(model_name="auditevent", name="legacy_hash",
                              field=models.CharField(blank=True, default="", db_default="", max_length=64)),
        # Irreversible: without the digests, every event written since would fail its MAC.
        migrations.RunPython(triggers),
    ]
