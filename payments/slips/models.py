"""納付書 — payment slips and their numbering."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.tenancy.models import Municipality
from payments.catalog.models import Charge, CollectionAgreement, FeeType


class SlipStatus(models.TextChoices):
    PAYABLE = "payable", _("payable")
    PROVISIONAL = "provisional", _("paid (provisional)")
    PAID = "paid", _("paid")
    SUPERSEDED = "superseded", _("superseded")


class Slip(models.Model):
    """納付書 — one printable slip for a charge. A reissue is a new slip with the reissue digit raised;
    the old one stays payable until the charge is paid through either."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="slips")
    agreement = models.ForeignKey(CollectionAgreement, on_delete=models.PROTECT, related_name="slips")
    charge = models.ForeignKey(Charge, on_delete=models.PROTECT, related_name="slips")
    fee_type = models.ForeignKey(FeeType, on_delete=models.PROTECT, related_name="slips")
    fiscal_year = models.PositiveSmallIntegerField()
    slip_number = models.PositiveBigIntegerField(help_text="納付書番号, per tenant and fiscal year")
    reissue = models.PositiveSmallIntegerField(default=0, help_text="再発行区分: 0 original, 1 first reissue …")
    reissued_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="reissues")
    amount = models.PositiveIntegerField(help_text="Yen")
    due_date = models.DateField(help_text="納期限")
    handling_deadline = models.DateField(help_text="取扱期限: the last day a store or app accepts the slip")
    barcode = models.CharField(max_length=44)
    slip_key = models.CharField(max_length=30, help_text="Barcode digits 1–30: which slip, whatever the amount")
    status = models.CharField(max_length=20, choices=SlipStatus.choices, default=SlipStatus.PAYABLE)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment slip")
        ordering = ["municipality", "fiscal_year", "slip_number", "reissue"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "fiscal_year", "slip_number", "reissue"],
                                    name="slip_unique_number"),
            models.UniqueConstraint(fields=["municipality", "slip_key"], name="slip_unique_key"),
            models.CheckConstraint(condition=models.Q(reissue__lte=9), name="slip_reissue_one_digit"),
            models.CheckConstraint(condition=models.Q(handling_deadline__gte=models.F("due_date")),
                                   name="slip_deadline_not_before_due"),
        ]

    def __str__(self):
        return f"{self.fiscal_year}-{self.slip_number:010d}-{self.reissue}"


class SlipCounter(models.Model):
    """The last slip number used per tenant and fiscal year (locked while a number is drawn)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    last_number = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "fiscal_year"], name="slip_counter_unique"),
        ]

    def __str__(self):
        return f"{self.fiscal_year}: {self.last_number}"
