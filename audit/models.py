"""The audit log: events queued by one INSERT each, then sealed into one hash chain per tenant."""

import json
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit import signing


class CurrentTransaction(models.Func):
    """The writing transaction's id as a column default: ``pg_current_xact_id()`` on PostgreSQL, NULL elsewhere."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection, **extra):
        return "NULL", []

    def as_postgresql(self, compiler, connection, **extra):
        return "(pg_current_xact_id()::text::bigint)", []


class AuditEventQuerySet(models.QuerySet):
    """Append-only: bulk updates and deletes are refused (the database refuses them too)."""

    def update(self, **kwargs):
        raise TypeError("Audit events are append-only: they are never updated")

    def delete(self):
        raise TypeError("Audit events are append-only: they are never deleted")


class AuditEvent(models.Model):
    """監査ログ — one event: who did what to which object, through which channel.

    Holds references (object type and id) and field names, never personal values.
    """

    seq = models.BigAutoField(primary_key=True, help_text="The event's id, in the order events were inserted "
                              "(not gapless: a rolled-back append uses one up)")
    occurred_at = models.DateTimeField()
    name = models.CharField(max_length=100, help_text="Registered name, '<app>.<entity>.<past_verb>'")
    tenant_id = models.BigIntegerField(null=True, blank=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=10)
    request_id = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list, blank=True, help_text="Names of the personal fields concerned")
    subjects = models.JSONField(default=list, blank=True,
                                help_text='Data subjects concerned, as ["type", "id"] pairs (e.g. a list page)')
    purpose = models.CharField(max_length=200, blank=True, help_text="Why personal data was read or moved")
    data = models.JSONField(default=dict, blank=True, help_text="References and codes, never values")
    digest = models.CharField(max_length=64, blank=True, default="", db_default="",
                              help_text="SHA-256 of the canonical content, made when the event is written; the MAC "
                                        "and the chain link cover it (empty: an event written before digests, whose "
                                        "MAC and link cover the content itself)")
    mac = models.CharField(max_length=64, help_text="HMAC of the digest (of the content and tenant), made when the "
                                                    "event is written")
    # The writing transaction's id (PostgreSQL; NULL on SQLite, whose single writer commits in seq order): the
    # sealer reads each event once, by the range of transactions finished since its last round. Never updated.
    xact = models.BigIntegerField(null=True, blank=True, db_default=CurrentTransaction(), editable=False)
    # The single chain of all tenants before the cut-over to per-tenant chains ("" for events after it).
    legacy_prev_hash = models.CharField(max_length=64, blank=True, default="", db_default="")
    legacy_hash = models.CharField(max_length=64, blank=True, default="", db_default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [
            models.Index(fields=["xact"], name="audit_event_xact"),
            models.Index(fields=["tenant_id", "occurred_at"]),
            models.Index(fields=["object_type", "object_id", "occurred_at"]),
            models.Index(fields=["actor_id", "occurred_at"]),
            models.Index(fields=["name", "occurred_at"]),
        ]

    def __str__(self):
        return f"#{self.seq} {self.name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Audit events are append-only: they are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only: they are never deleted")


class AuditSeal(models.Model):
    """封印 — one round of the sealer for one tenant: the events it placed in the tenant's chain, in chain order.

    The events at positions ``first`` … ``first + len(seqs) - 1`` are ``seqs``; ``prev_hash`` is the link before
    the first, ``hash`` the link at the last (the formula of ``chain.link_hash``). Events themselves are never
    updated: their place in the chain is here. ``first`` NULL: events the round read but held back (their chain
    refused: a head or an event failing its MAC); a later round of the chain seals them. ``horizon`` and
    ``deferred``: every event written by a transaction below the horizon, but the deferred ones (still in progress
    then), had been read by this round or an earlier one. Rows are never updated or
    deleted (the database refuses it).
    """

    chain = models.BigIntegerField(help_text="The tenant id (0: events of no tenant)")
    first = models.BigIntegerField(null=True, blank=True, help_text="Chain position of the first event")
    seqs = models.JSONField(help_text="The events' seq, in chain order")
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)
    occurred_from = models.DateTimeField(help_text="The earliest occurred_at of the events (partition pruning)")
    occurred_to = models.DateTimeField()
    horizon = models.BigIntegerField()
    deferred = models.JSONField(default=list, blank=True,
                                help_text="Transactions below the horizon still in progress when the round read")
    sealed_at = models.DateTimeField()
    # The sealing transaction (PostgreSQL): a caller that writes and seals in one transaction (a test) has its own
    # events sealed by seq, those its own seal rows hold excepted, since they are never below any horizon.
    xact = models.BigIntegerField(null=True, blank=True, db_default=CurrentTransaction(), editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        constraints = [
            # A second sealer racing the first fails instead of forking the chain; also the index a walk reads.
            models.UniqueConstraint(fields=["chain", "first"], name="audit_seal_chain_position"),
        ]
        indexes = [models.Index(fields=["chain", "id"], condition=Q(first__isnull=True), name="audit_seal_held")]

    def __str__(self):
        return f"chain {self.chain} from #{self.first}" if self.first else f"chain {self.chain} held"

    @property
    def last(self) -> int:
        return self.first + len(self.seqs) - 1


class AuditChainHead(models.Model):
    """The head of the single chain of all tenants, frozen at the cut-over to per-tenant chains.

    The newest event's position and hash, and the last checkpoint written outside the database.

    Updated in the same transaction as each append, so deleting the newest events leaves the head
    pointing past the end of the chain. ``mac`` (keyed with the chain key) covers every other column:
    moving the head back over deleted events, or forgetting a checkpoint, needs the key.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    checkpoint_line = models.BigIntegerField(default=0, help_text="Lines in the checkpoint file when last written")
    checkpoint_mac = models.CharField(max_length=64, default="0" * 64, help_text="The MAC of that last line")
    mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self):
        return f"head at #{self.seq}"


class AuditTenantHead(models.Model):
    """One tenant's chain head: its size and newest hash, and the last signed checkpoint recording it.

    Moved only by the sealer. ``mac`` (the chain key) covers every other column: moving the head back over
    deleted events, or forgetting a checkpoint, needs the key. ``chain`` is the tenant id (0: no tenant).
    """

    chain = models.BigIntegerField(unique=True)
    size = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    checkpoint_line = models.BigIntegerField(default=0, help_text="The checkpoint file's line recording this head")
    checkpoint_size = models.BigIntegerField(default=0, help_text="The chain size that line records")
    checkpoint_signature = models.CharField(max_length=100, blank=True, default="")
    checkpointed_at = models.DateTimeField(null=True, blank=True)
    cutover_size = models.BigIntegerField(default=0, help_text="Events sealed at the cut-over from the single chain")
    mac = models.CharField(max_length=64)

    def __str__(self):
        return f"chain {self.chain} at #{self.size}"


class AuditEventSubject(models.Model):
    """An index of which data subjects each event concerns, so "who accessed this child" is one range scan.

    Derived from ``AuditEvent.subjects`` by the sealer, in batches (covered by the event's digest there);
    the search reads events not sealed yet from the event table.
    """

    # No database constraint: on PostgreSQL both tables are partitioned by month, and a foreign key would have to
    # name occurred_at too. Verification checks every row against its event (chain.verify).
    event = models.ForeignKey(AuditEvent, on_delete=models.PROTECT, related_name="subject_rows", db_index=False,
                              db_constraint=False)
    tenant_id = models.BigIntegerField(null=True)
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # Every column the subject query needs is in the key, so PostgreSQL answers it from the index alone.
        indexes = [models.Index(fields=["tenant_id", "subject_type", "subject_id", "occurred_at", "event"],
                                name="audit_subject_lookup")]

    def __str__(self):
        return f"#{self.event_id} {self.subject_type}:{self.subject_id}"


class AuditFinding(models.Model):
    """A result of the periodic log analysis, for auditors to follow up."""

    class Kind(models.TextChoices):
        AFTER_HOURS = "after_hours", _("access outside working hours")
        MANY_SUBJECTS = "many_subjects", _("unusually many subjects read in a day")
        DENIED = "denied", _("denied attempts")
        SENSITIVE_READ = "sensitive_read", _("reads of sensitive fields")
        OTHER_FACILITY = "other_facility", _("access to subjects of another facility")
        OVERDUE_DELETION = "overdue_deletion", _("deletion certificate overdue at a party")
        UNSEALED = "unsealed", _("events left unsealed past the sealing deadline")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        RESOLVED = "resolved", _("resolved")

    tenant_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor_id = models.BigIntegerField(null=True)
    day = models.DateField(help_text="The day (Asia/Tokyo) the events happened")
    event_seqs = models.JSONField(default=list, help_text="The events behind the finding")
    count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    key = models.CharField(max_length=100, unique=True, help_text="tenant:kind:actor:day — one finding each")

    class Meta:
        ordering = ["-day", "kind"]

    def __str__(self):
        return f"{self.kind} {self.day} actor {self.actor_id}"


class AuditArchive(models.Model):
    """A month of one tenant's chain exported and dropped from the database (``audit_archive``): where its chain
    now starts.

    The archive ends at ``size``, the chain position of the month's last event in chain order (or the previous
    archive's end, if that is further), with ``hash``, the link there, checked at the archive against
    ``checkpoint``, the first signed checkpoint covering it. The tenant's chain in the database continues from
    ``size`` and ``hash``. ``kept`` lists the events at or before ``size`` that stay in the database (a later
    month's, sealed before the month's last event), each with the link before it and its own: each must stay there,
    unaltered. ``signature`` (Ed25519, the
    checkpoints' key) covers every other column, so a record cannot be forged, moved forward over deleted events
    or stripped of a kept event without the signing key; ``statement()`` is what an auditor checks it with.
    """

    chain = models.BigIntegerField()
    month = models.DateField(help_text="The first day of the archived month (Asia/Tokyo)")
    size = models.BigIntegerField(help_text="The chain position the archive ends at: the month's last event's")
    hash = models.CharField(max_length=64, help_text="The link hash at that position")
    checkpoint = models.CharField(max_length=300, blank=True,
                                  help_text="The signed checkpoint line the hash at size was verified against "
                                            "(empty when the month's events were all in an earlier archive)")
    kept = models.JSONField(default=list, blank=True,
                            help_text="[seq, position, previous link, link] of the events at or before size still in "
                                      "the database")
    events = models.BigIntegerField(help_text="Events exported (the chain positions after the previous archive, "
                                              "to size)")
    export_sha256 = models.CharField(max_length=64, help_text="SHA-256 of the exported events file")
    directory = models.CharField(max_length=500)
    archived_at = models.DateTimeField()
    signature = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "month"], name="audit_archive_chain_month")]

    def __str__(self):
        return f"chain {self.chain} archived to #{self.size} ({self.month:%Y-%m})"

    def message(self) -> str:
        """What ``signature`` covers."""
        kept = json.dumps(self.kept, separators=(",", ":"))
        return (f"mimamori-audit-archive\n{self.chain} {self.month:%Y-%m} {self.size} {self.hash} {self.events} "
                f"{self.export_sha256}\n{self.checkpoint}\n{kept}")

    def valid(self, key) -> bool:
        """Whether ``signature`` is the checkpoints' key's (an Ed25519 public key) over ``message()``."""
        return signing.signature_valid(key, self.message(), self.signature)

    def statement(self) -> str:
        """The signed record as one JSON object: an archive's ``archive.json`` and the next export's ``anchor.json``."""
        return json.dumps({"chain": self.chain, "month": f"{self.month:%Y-%m}", "size": self.size, "hash": self.hash,
                           "checkpoint": self.checkpoint, "kept": self.kept, "events": self.events,
                           "export_sha256": self.export_sha256, "signature": self.signature}, sort_keys=True)

    @classmethod
    def from_statement(cls, text: str) -> "AuditArchive":
        """An unsaved record read from ``statement()``'s JSON (ValueError if it is not one)."""
        try:
            data = json.loads(text)
            return cls(chain=int(data["chain"]), month=date.fromisoformat(f"{data['month']}-01"),
                       size=int(data["size"]), hash=str(data["hash"]), checkpoint=str(data["checkpoint"]),
                       kept=[[int(seq), int(position), str(prev), str(digest)]
                             for seq, position, prev, digest in data["kept"]],
                       events=int(data["events"]), export_sha256=str(data["export_sha256"]),
                       signature=str(data["signature"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a signed archive record: {exc}") from None
