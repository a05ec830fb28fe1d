"""What the ward collects and through whom: the collection agreement, fee types, channels, payers, charges."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.crypto import BlindIndexField, EncryptedModel, EncryptedTextField
from governance.crypto.fields import DataKeyField
from governance.crypto.shredding import record_shredded
from governance.registry.models import ExternalConnection
from governance.tenancy.models import Department, Municipality, Party


class CollectionAgreement(models.Model):
    """収納代行契約 — the ward's contract with a collection service: the codes its barcodes and files carry."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="collection_agreements")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   help_text="Department that holds the contract; takes cases no fee type owns")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="収納サービス提供事業者")
    connection = models.ForeignKey(ExternalConnection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", help_text="The approved 外部結合 result files arrive over")
    company_code = models.CharField(max_length=6, help_text="請求書発行企業コード (barcode digits 3–8)")
    client_code = models.CharField(max_length=5, blank=True,
                                   help_text="The agency's client code, the first digits of the free field")
    agency_code = models.CharField(max_length=5, help_text="代行会社コード in the result file header")
    layout = models.CharField(max_length=50, default="standard_v1", help_text="Result-file layout (payments/layouts)")
    amount_limit = models.PositiveIntegerField(default=300_000, help_text="Most a store accepts on one slip (yen)")

    class Meta:
        verbose_name = _("collection agreement")
        constraints = [
            models.UniqueConstraint(fields=["company_code", "client_code"], name="agreement_unique_codes"),
        ]

    def __str__(self):
        return f"{self.company_code}/{self.client_code}"


class FeeType(models.Model):
    """料金種別 — e.g. 延長保育料; owned by one department, which alone works its slips."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="fee_types")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="fee_types")
    code = models.CharField(max_length=2, help_text="Two digits inside the barcode's ward key")
    name = models.CharField(max_length=50)

    class Meta:
        verbose_name = _("fee type")
        ordering = ["municipality", "code"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="fee_type_unique_code"),
            models.UniqueConstraint(fields=["municipality", "name"], name="fee_type_unique_name"),
        ]

    def __str__(self):
        return self.name


class ChannelKind(models.TextChoices):
    COUNTER = "counter", _("department counter")
    BRANCH_OFFICE = "branch_office", _("branch office")
    BANK = "bank", _("bank counter")
    DIRECT_DEBIT = "direct_debit", _("direct debit")
    CONVENIENCE_STORE = "convenience_store", _("convenience store")
    EMONEY_APP = "emoney_app", _("e-money app")
    OTHER = "other", _("other")


class Channel(models.Model):
    """収納チャネル — where a payment can be made: counter, 特別出張所, bank, 口座振替, a store chain, an app."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="payment_channels")
    kind = models.CharField(max_length=20, choices=ChannelKind.choices)
    name = models.CharField(max_length=50)
    retailer_code = models.CharField(max_length=6, blank=True,
                                     help_text="小売業企業コード in result files (stores and apps)")

    class Meta:
        verbose_name = _("payment channel")
        ordering = ["municipality", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="channel_unique_name"),
            models.UniqueConstraint(fields=["municipality", "retailer_code"], condition=~Q(retailer_code=""),
                                    name="channel_unique_retailer_code"),
        ]

    def __str__(self):
        return self.name


class Payer(EncryptedModel):
    """納付義務者 — the person liable for a fee.

    The personal fields are encrypted (governance.crypto): the database holds only ciphertexts and
    keyed blind indexes. Staff see them on slips and pages, each showing recorded as one access
    event; the slip's barcode carries none of them to a store or app.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="payers")
    reference_number = models.CharField(max_length=20, help_text="納付義務者番号 (no personal value)")
    name = EncryptedTextField("氏名", null=True, blank=True)
    kana = EncryptedTextField("フリガナ", null=True, blank=True)
    address = EncryptedTextField("住所", null=True, blank=True)
    phone = EncryptedTextField("電話番号", null=True, blank=True)
    name_index = BlindIndexField(source="name", kind="name")
    kana_index = BlindIndexField(source="kana", kind="kana")
    phone_index = BlindIndexField(source="phone", kind="phone")
    # Null only on payers registered before their personal fields were kept here: such a payer has no
    # sealed value, and gets its data key when one is first saved.
    data_key = DataKeyField(null=True)
    last_used_on = models.DateField(
        null=True, blank=True, help_text="The last day one of the payer's slips can be paid: retention counts from it")

    # What a page, PDF or CSV showing a payer records as read (the registry's item names).
    PERSONAL_FIELDS = ("氏名", "フリガナ", "住所", "電話番号")

    class Meta:
        verbose_name = _("payer")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "reference_number"], name="payer_unique_reference"),
        ]

    def __str__(self):
        return self.reference_number

    @property
    def erased(self) -> bool:
        """Crypto-shredded at the end of retention: the personal fields are gone, the slips and amounts stay."""
        return record_shredded(self)


class Charge(models.Model):
    """調定 — an amount a payer owes for a fee type in a fiscal year; settled through one or more slips."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="charges")
    fee_type = models.ForeignKey(FeeType, on_delete=models.PROTECT, related_name="charges")
    payer = models.ForeignKey(Payer, on_delete=models.PROTECT, related_name="charges")
    fiscal_year = models.PositiveSmallIntegerField()
    amount = models.PositiveIntegerField(help_text="Yen")
    due_date = models.DateField(help_text="納期限 (legal due date)")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("charge")
        indexes = [models.Index(fields=["municipality", "fiscal_year", "fee_type"])]

    def __str__(self):
        return f"charge {self.pk}"
