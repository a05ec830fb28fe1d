"""What the collection service reports and what the ward makes of it: files, records, receipts, cases."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.tenancy.models import Department, Municipality
from payments.catalog.models import Channel, ChannelKind, CollectionAgreement, FeeType
from payments.slips.models import Slip


class ResultFile(models.Model):
    """収納データファイル — one imported result file, known by its content hash."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="payment_result_files")
    agreement = models.ForeignKey(CollectionAgreement, on_delete=models.PROTECT, related_name="result_files")
    sha256 = models.CharField(max_length=64)
    filename = models.CharField(max_length=255, help_text="As uploaded; names hold no personal data")
    size_bytes = models.PositiveBigIntegerField()
    record_count = models.PositiveIntegerField(help_text="Every record, header to end")
    data_count = models.PositiveIntegerField()
    summary = models.JSONField(default=dict, help_text="Counts of what the import did")
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("payment result file")
        ordering = ["-imported_at"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "sha256"], name="result_file_unique_hash"),
        ]

    def __str__(self):
        return f"{self.filename} ({self.sha256[:12]})"


class DataKind(models.TextChoices):
    FLASH = "01", _("flash report (速報)")
    FINAL = "02", _("final report (確報)")
    FLASH_CANCEL = "03", _("flash cancellation (速報取消)")


# Records and receipts are written only by the import, set-based (payments.collection.importing.reconcile), and
# never deleted (PROTECT): every reference they hold comes from a join with the row it names in the
# same statement. They carry no database-level foreign-key constraints because PostgreSQL checks those
# one row at a time — seven million lookups for a million-record file, more than the import itself.
# Reconciliation cases, written a few at a time, keep theirs.


class PaymentRecord(models.Model):
    """収納データ — one data record as received (raw text kept), known by its identity across files."""

    # No index of its own: the identity constraint (municipality, record_key) leads with it. Every index
    # here is written once per imported record, so a million-record file pays for each one.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+", db_index=False,
                                     db_constraint=False)
    # The import finds a file's records by id (they are written together, after every earlier one), so
    # the file needs no index here. A record's slip is the one keyed by its barcode's first 30 digits:
    # the import COPYs records as they come, with no lookup per record.
    result_file = models.ForeignKey(ResultFile, on_delete=models.PROTECT, related_name="records", db_index=False,
                                    db_constraint=False)
    line_number = models.PositiveIntegerField()
    # A 16-byte digest rather than the 88 characters themselves: the unique index over it is written for
    # every record imported, and a small one stays in memory.
    record_key = models.UUIDField(help_text="The record's identity: MD5 of its significant fields, as the "
                                            "layout names them")
    kind = models.CharField(max_length=2, choices=DataKind.choices)
    paid_on = models.DateField(help_text="収納日付")
    paid_time = models.CharField(max_length=4, help_text="収納時間 HHMM")
    usage = models.CharField(max_length=1, help_text="利用区分: 1 store, 2 app, 9 other")
    barcode = models.CharField(max_length=44)
    amount = models.PositiveIntegerField(help_text="From the barcode")
    retailer_code = models.CharField(max_length=6)
    store_code = models.CharField(max_length=7)
    transfer_date = models.DateField(null=True, blank=True, help_text="支払予定日")
    accounting_date = models.DateField(null=True, blank=True, help_text="経理処理日")
    raw = models.CharField(max_length=200, help_text="The record as received")

    class Meta:
        verbose_name = _("payment record")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "record_key"], name="payment_record_unique_identity"),
        ]

    def __str__(self):
        return f"record {self.pk}"


class ReceiptStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("provisional (速報)")
    CONFIRMED = "confirmed", _("confirmed (確報)")
    REVERSED = "reversed", _("reversed (速報取消)")


class Receipt(models.Model):
    """収納 — one payment of a slip: provisional on 速報, confirmed on 確報, reversed on 速報取消."""

    # Indexed only where reads and the import look things up (the composite indexes lead with the
    # tenant); fee types and channels are never deleted, so their keys need no index of their own.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="payment_receipts",
                                     db_index=False, db_constraint=False)
    slip = models.ForeignKey(Slip, null=True, blank=True, on_delete=models.PROTECT, related_name="receipts",
                             db_constraint=False)
    fee_type = models.ForeignKey(FeeType, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 db_index=False, db_constraint=False)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", db_index=False,
                                   db_constraint=False,
                                   help_text="Who works it: the fee type's owner, else the agreement's")
    barcode = models.CharField(max_length=44, blank=True)
    amount = models.PositiveIntegerField(help_text="Yen, from the barcode")
    channel_kind = models.CharField(max_length=20, choices=ChannelKind.choices)
    channel = models.ForeignKey(Channel, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                db_index=False, db_constraint=False)
    retailer_code = models.CharField(max_length=6, blank=True)
    store_code = models.CharField(max_length=7, blank=True)
    paid_on = models.DateField()
    paid_time = models.CharField(max_length=4, blank=True)
    transfer_date = models.DateField(null=True, blank=True, help_text="支払予定日: when the money reaches the ward")
    accounting_date = models.DateField(null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(help_text="The fiscal year whose accounts take it")
    status = models.CharField(max_length=20, choices=ReceiptStatus.choices)
    flash_record = models.ForeignKey(PaymentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     db_index=False, db_constraint=False)
    final_record = models.ForeignKey(PaymentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     db_index=False, db_constraint=False)
    cancel_record = models.ForeignKey(PaymentRecord, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", db_index=False, db_constraint=False)
    last_file = models.ForeignKey(ResultFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  db_constraint=False, help_text="The result file that last changed this receipt")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("receipt")
        # Few indexes, each earning its keep: every one is written for each receipt an import makes.
        # A later 取消 or 確報 looks for a provisional receipt of the same payment only; the reports read
        # a department's receipts by day of payment or of transfer.
        indexes = [
            models.Index(fields=["municipality", "barcode", "paid_on", "paid_time", "store_code"],
                         condition=models.Q(status="provisional"), name="receipt_provisional_payment"),
            models.Index(fields=["department", "paid_on"], name="receipt_department_paid_on"),
            models.Index(fields=["department", "transfer_date"], name="receipt_department_transfer"),
        ]

    def __str__(self):
        return f"receipt {self.pk}"


class CaseKind(models.TextChoices):
    UNKNOWN_BARCODE = "unknown_barcode", _("unknown barcode")
    AMOUNT_MISMATCH = "amount_mismatch", _("amount differs from the slip")
    LATE_PAYMENT = "late_payment", _("paid after the handling deadline")
    DOUBLE_PAYMENT = "double_payment", _("paid twice (refund)")
    FLASH_CANCELLED = "flash_cancelled", _("flash report cancelled (review)")
    CANCEL_WITHOUT_FLASH = "cancel_without_flash", _("cancellation without a flash report")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")


class ReconciliationCase(models.Model):
    """消込確認案件 — something the import could not settle by itself; staff work it to resolution."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="payment_cases")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=CaseKind.choices)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    slip = models.ForeignKey(Slip, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    receipt = models.ForeignKey(Receipt, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    record = models.ForeignKey(PaymentRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    resolution = models.CharField(max_length=500, blank=True, help_text="What was done; no personal values")

    class Meta:
        verbose_name = _("reconciliation case")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "department", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["kind", "receipt"], name="case_unique_kind_per_receipt"),
        ]

    def __str__(self):
        return f"case {self.pk}"
