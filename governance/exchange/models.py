"""管理簿 — the handover ledger: one entry for every exchange of personal data that the gate allowed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.registry.models import ExternalConnection, OutsourcingContract
from governance.tenancy.models import Municipality, Party, User


class Direction(models.TextChoices):
    SEND = "send", _("ward sends")
    RECEIVE = "receive", _("ward receives")


class IncomingOutcome(models.TextChoices):
    """What became of a file the ward received: the gate lets it in as received, the receiver settles it."""

    RECEIVED = "received", _("received; outcome not recorded")
    TAKEN_IN = "taken_in", _("taken in")
    ALREADY_TAKEN_IN = "already_taken_in", _("already taken in; nothing changed")
    REFUSED = "refused", _("refused; nothing taken in")


class HandoverLedgerEntry(models.Model):
    """When, who, which items, how many records, to or from whom, over which approved channel.

    Written by the exchange gate only, in the same transaction as its audit event. Holds item names
    and a hash of the content, never the content itself; an outgoing file is kept only encrypted
    (its password is shown once to the handler and not stored). The free text of its purpose is kept
    here and not in the immutable audit log, so that it can be erased. A received file is entered when
    it arrives, with its name and hash, and then settled: taken in, already taken in, or refused with
    its problems (``incoming_file_settle``).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    connection = models.ForeignKey(ExternalConnection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="ledger_entries")
    contract = models.ForeignKey(OutsourcingContract, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="ledger_entries")
    version_number = models.PositiveIntegerField(help_text="The approved version the exchange was checked against")
    version_hash = models.CharField(max_length=64)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="ledger_entries")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    items = models.JSONField(help_text="Names of the data items that crossed")
    record_count = models.PositiveIntegerField()
    purpose_code = models.CharField(max_length=100, help_text="A registered purpose (governance.exchange.purposes)")
    purpose = models.CharField(max_length=200, blank=True,
                               help_text="What the handler wrote about the exchange; an administrator may erase it")
    purpose_erased_at = models.DateTimeField(null=True, blank=True)
    content_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200, blank=True)
    file_data = models.BinaryField(null=True, blank=True, editable=False, help_text="AES-256 encrypted ZIP")
    audit_seq = models.BigIntegerField(help_text="The audit event that records this exchange")
    outcome = models.CharField(max_length=20, choices=IncomingOutcome.choices, blank=True,
                               help_text="For a received file: whether it was taken in or refused (blank: data sent)")
    problem_count = models.PositiveIntegerField(default=0, help_text="How many problems a refused file had")
    problems = models.JSONField(default=list, blank=True,
                                help_text="Line and reason of a refused file's first problems (fields and formats, "
                                          "not the records' values)")

    class Meta:
        verbose_name = _("handover ledger entry")
        verbose_name_plural = _("handover ledger")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["municipality", "occurred_at"]), models.Index(fields=["party", "occurred_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(connection__isnull=True) ^ models.Q(contract__isnull=True),
                                   name="ledger_entry_one_channel"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.direction} {self.record_count} records"

    @property
    def channel(self):
        return self.connection or self.contract

    @property
    def refused(self) -> bool:
        return self.outcome == IncomingOutcome.REFUSED


class LedgerSubject(models.Model):
    """One data subject whose data crossed in a ledger entry, as a reference ("payments.payer", "12").

    The exchange's audit event names the same subjects (so the hash chain proves them); this table is
    what deletion requests and the subject trail join on: entry ids directly, by one index range scan.
    """

    entry = models.ForeignKey(HandoverLedgerEntry, on_delete=models.PROTECT, related_name="subjects")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("ledger subject")
        indexes = [models.Index(fields=["municipality", "subject_type", "subject_id", "entry"],
                                name="ledger_subject_lookup")]
        constraints = [models.UniqueConstraint(fields=["entry", "subject_type", "subject_id"],
                                               name="ledger_subject_unique")]

    def __str__(self):
        return f"#{self.entry_id} {self.subject_type}:{self.subject_id}"
