"""Getting what crossed erased at the parties that received it.

- ``DeletionRequest``: the ward asks a party to erase what named ledger entries carried, by a due date.
- ``DeletionCertificate``: the party's 電子データの消去を行ったことの報告書 — method, media, date, witness and
  the signed PDF, kept encrypted with its SHA-256 — which the ward confirms (closing the request) or rejects.
- ``DeletionNotice``: reminders, overdue escalations and certificate-expiry warnings shown on pages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.crypto import EncryptedBinaryField, EncryptedModel, EncryptedTextField
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.models import Certification
from governance.tenancy.models import Municipality, Party, User


class DeletionReason(models.TextChoices):
    RETENTION_EXPIRY = "retention_expiry", _("retention period expired")
    CONTRACT_END = "contract_end", _("contract or connection period ended")


class DeletionStatus(models.TextChoices):
    OPEN = "open", _("waiting for the certificate")
    SUBMITTED = "submitted", _("certificate submitted, waiting for the ward")
    CONFIRMED = "confirmed", _("erasure confirmed (closed)")


class DeletionRequest(models.Model):
    """消去依頼 — erase what these ledger entries carried to this party, and certify it by the due date."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="deletion_requests")
    reason = models.CharField(max_length=20, choices=DeletionReason.choices)
    reason_note = models.CharField(max_length=200, blank=True,
                                   help_text="A code or reference, e.g. the retention rule or the ended contract")
    items = models.JSONField(default=list, help_text="Names of the data items to erase (all entries together)")
    opened_on = models.DateField()
    opened_at = models.DateTimeField(auto_now_add=True)
    due = models.DateField()
    status = models.CharField(max_length=10, choices=DeletionStatus.choices, default=DeletionStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True, help_text="When it was first found overdue")

    class Meta:
        verbose_name = _("deletion request")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["party", "status", "due"]),
                   models.Index(fields=["municipality", "status", "due"])]

    def __str__(self):
        return f"#{self.pk} {self.party} due {self.due}"

    @property
    def is_closed(self) -> bool:
        return self.status == DeletionStatus.CONFIRMED


class DeletionRequestEntry(models.Model):
    """A ledger entry a request covers. One request per entry, ever: that is what makes opening idempotent."""

    request = models.ForeignKey(DeletionRequest, on_delete=models.PROTECT, related_name="entries")
    entry = models.OneToOneField(HandoverLedgerEntry, on_delete=models.PROTECT, related_name="deletion_request_line")

    class Meta:
        ordering = ["request", "entry"]

    def __str__(self):
        return f"request #{self.request_id} ← entry #{self.entry_id}"


class ErasureMethod(models.TextChoices):
    OVERWRITE = "overwrite", _("overwrite")
    PHYSICAL_DESTRUCTION = "physical_destruction", _("physical destruction")
    DEGAUSSING = "degaussing", _("degaussing")
    CRYPTO_ERASE = "crypto_erase", _("crypto-erase")


class CertificateStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("rejected")


class DeletionCertificate(EncryptedModel):
    """消去証明書 — uploaded by the party's vendor user; the PDF and the witness's name are kept encrypted."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(DeletionRequest, on_delete=models.PROTECT, related_name="certificates")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=30, choices=ErasureMethod.choices)
    media_identifiers = models.JSONField(default=list, help_text="Serial numbers or labels of the erased media")
    erased_on = models.DateField()
    witness = EncryptedTextField("立会者")
    file_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    pdf = EncryptedBinaryField("消去証明書PDF")
    status = models.CharField(max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.SUBMITTED)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=500, blank=True)

    encryption_tenant = "municipality"

    class Meta:
        verbose_name = _("deletion certificate")
        ordering = ["request", "uploaded_at", "pk"]

    def __str__(self):
        return f"certificate #{self.pk} for request #{self.request_id}"


class NoticeKind(models.TextChoices):
    DELETION_REMINDER = "deletion_reminder", _("deletion certificate due soon")
    DELETION_OVERDUE = "deletion_overdue", _("deletion certificate overdue")
    CERTIFICATION_EXPIRING = "certification_expiring", _("certification expiring")
    CERTIFICATION_EXPIRED = "certification_expired", _("certification expired")


class DeletionNotice(models.Model):
    """A notice shown on the deletion pages: to the party's vendor users (deletion kinds) and the ward's staff."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(DeletionRequest, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="notices")
    certification = models.ForeignKey(Certification, null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="+")
    day = models.DateField(help_text="The due date or expiry date the notice is about")
    created_at = models.DateTimeField(auto_now_add=True)
    key = models.CharField(max_length=100, unique=True, help_text="One notice per subject and stage")

    class Meta:
        verbose_name = _("deletion notice")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "created_at"])]

    def __str__(self):
        return f"{self.kind} {self.party} {self.day}"

    @property
    def for_vendor(self) -> bool:
        return self.kind in (NoticeKind.DELETION_REMINDER, NoticeKind.DELETION_OVERDUE)
