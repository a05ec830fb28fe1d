"""Per-tenant chains sealed after the append, and the cut-over from the single chain of all tenants.

Events get an id from a sequence (an append is one INSERT), a MAC made when they are written, and seal
columns the sealer sets once. The single chain's columns stay as ``legacy_prev_hash`` / ``legacy_hash``.

The cut-over: the single chain is verified as it stands (its links, its keyed hashes, its head); a broken
one stops the migration, since sealing it into the new chains would vouch for the tampering. Then every
existing event gets its MAC and is sealed into its tenant's chain in ``seq`` order, and each tenant's head
records how many events the cut-over sealed (``cutover_size``). The sealer's next run writes each tenant's
first signed checkpoint, chained to the single chain's last checkpoint line: that line is the documented
cut-over checkpoint (docs/decisions/0004-audit-hash-chain.md). The functions are frozen here as they were.
"""

import hashlib
import hmac
import json
from datetime import UTC

import django.db.models.functions.comparison
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

from audit.database import append_only_triggers_create, append_only_triggers_drop

GENESIS = "0" * 64
CONTENT = ("occurred_at", "name", "tenant_id", "actor_id", "channel", "request_id", "ip_address", "object_type",
           "object_id", "fields", "subjects", "purpose", "data")


def _hmac(message: str) -> str:
    return hmac.new(settings.AUDIT_CHAIN_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()


def _canonical(content: dict) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _content(event) -> dict:
    content = {name: getattr(event, name) for name in CONTENT}
    content["occurred_at"] = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return content


def drop_triggers(apps, schema_editor):
    append_only_triggers_drop(schema_editor.connection)


def create_triggers(apps, schema_editor):
    append_only_triggers_create(schema_editor.connection)


def sequence_from_max(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SELECT setval(pg_get_serial_sequence('audit_auditevent', 'seq'), "
                              "coalesce(max(seq), 0) + 1, false) FROM audit_auditevent")


def cutover(apps, schema_editor):
    alias = schema_editor.connection.alias
    Event = apps.get_model("audit", "AuditEvent")
    Head = apps.get_model("audit", "AuditChainHead")
    TenantHead = apps.get_model("audit", "AuditTenantHead")
    events = Event.objects.using(alias).order_by("seq")
    if not events.exists():
        return
    # The single chain as it stands: gapless, linked, keyed-hashed, ending at its head.
    prev, expected = GENESIS, 1
    for event in events.iterator(chunk_size=5000):
        content = {"seq": event.seq, **_content(event)}
        digest = _hmac(f"{prev}\n{_canonical(content)}")
        if event.seq != expected or event.legacy_prev_hash != prev or event.legacy_hash != digest:
            raise RuntimeError(f"The audit chain is broken at event #{min(expected, event.seq)}: run "
                               "verify_audit_chain on the previous release and resolve it before this cut-over.")
        prev, expected = event.legacy_hash, expected + 1
    head = Head.objects.using(alias).filter(pk=1).first()
    if head is None or (head.seq, head.hash) != (expected - 1, prev):
        raise RuntimeError("The audit chain's head does not match its newest event: run verify_audit_chain on the "
                           "previous release and resolve it before this cut-over.")
    # Each event sealed into its tenant's chain, as the sealer would (audit.chain.seal).
    heads: dict[int, tuple[int, str]] = {}
    now = timezone.now()
    with schema_editor.connection.cursor() as cursor:
        for event in events.iterator(chunk_size=5000):
            chain = event.tenant_id or 0
            size, prev = heads.get(chain, (0, hashlib.sha256(f"mimamori audit chain {chain} genesis".encode())
                                           .hexdigest()))
            content = _content(event)
            mac = _hmac(f"event\n{_canonical(content)}")
            digest = hashlib.sha256(f"{prev}\n{chain} {size + 1} {event.seq} {mac}\n{_canonical(content)}"
                                    .encode()).hexdigest()
            cursor.execute("UPDATE audit_auditevent SET mac = %s, chain_seq = %s, prev_hash = %s, hash = %s, "
                           "sealed_at = %s WHERE seq = %s", [mac, size + 1, prev, digest, now, event.seq])
            heads[chain] = (size + 1, digest)
    for chain, (size, digest) in heads.items():
        mac = _hmac(f"tenant-head {chain} {size} {digest} 0 0  {size}")
        TenantHead.objects.using(alias).create(chain=chain, size=size, hash=digest, cutover_size=size, mac=mac)


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_append_only_triggers_restored")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RenameField(model_name="auditevent", old_name="prev_hash", new_name="legacy_prev_hash"),
        migrations.RenameField(model_name="auditevent", old_name="hash", new_name="legacy_hash"),
        migrations.AlterField(model_name="auditevent", name="legacy_prev_hash",
                              field=models.CharField(blank=True, default="", max_length=64)),
        migrations.AlterField(model_name="auditevent", name="legacy_hash",
                              field=models.CharField(blank=True, default="", max_length=64)),
        migrations.AlterField(
            model_name="auditevent", name="seq",
            field=models.BigAutoField(help_text="The event's id, in the order events were inserted (not gapless: a "
                                                "rolled-back append uses one up)", primary_key=True, serialize=False)),
        migrations.RunPython(sequence_from_max, migrations.RunPython.noop),
        migrations.AddField(
            model_name="auditevent", name="mac",
            field=models.CharField(default="", help_text="HMAC of the content and tenant, made when the event is "
                                   "written", max_length=64), preserve_default=False),
        migrations.AddField(model_name="auditevent", name="chain_seq",
                            field=models.BigIntegerField(blank=True, help_text="Position in the tenant's chain, "
                                                         "from 1", null=True)),
        migrations.AddField(model_name="auditevent", name="prev_hash",
                            field=models.CharField(blank=True, max_length=64, null=True)),
        migrations.AddField(model_name="auditevent", name="hash",
                            field=models.CharField(blank=True, help_text="SHA-256 linking the event to prev_hash",
                                                   max_length=64, null=True)),
        migrations.AddField(model_name="auditevent", name="sealed_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.CreateModel(
            name="AuditTenantHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("chain", models.BigIntegerField(unique=True)),
                ("size", models.BigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
                ("checkpoint_line", models.BigIntegerField(
                    default=0, help_text="The checkpoint file's line recording this head")),
                ("checkpoint_size", models.BigIntegerField(default=0, help_text="The chain size that line records")),
                ("checkpoint_signature", models.CharField(blank=True, default="", max_length=100)),
                ("checkpointed_at", models.DateTimeField(blank=True, null=True)),
                ("cutover_size", models.BigIntegerField(
                    default=0, help_text="Events sealed at the cut-over from the single chain")),
                ("mac", models.CharField(max_length=64)),
            ],
        ),
        migrations.AlterField(
            model_name="auditfinding", name="kind",
            field=models.CharField(choices=[
                ("after_hours", "access outside working hours"),
                ("many_subjects", "unusually many subjects read in a day"),
                ("denied", "denied attempts"),
                ("sensitive_read", "reads of sensitive fields"),
                ("other_facility", "access to subjects of another facility"),
                ("overdue_deletion", "deletion certificate overdue at a party"),
                ("unsealed", "events left unsealed past the sealing deadline")], max_length=20)),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(
                django.db.models.functions.comparison.Coalesce("tenant_id", 0), "chain_seq",
                condition=models.Q(("chain_seq__isnull", False)), name="audit_event_chain_position")),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(condition=models.Q(("chain_seq__isnull", True)), fields=["seq"],
                               name="audit_event_unsealed")),
        migrations.RunPython(cutover, migrations.RunPython.noop),
        migrations.RunPython(create_triggers, migrations.RunPython.noop),
    ]
