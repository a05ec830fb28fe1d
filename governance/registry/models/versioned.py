"""The versioned parts of the registry: processing, external connections, outsourcing, out-of-purpose use.

Each part is a stable identity (what a committee decision or the exchange gate points at) plus numbered
versions that hold all of its content. A frozen version never changes (governance.registry.versioning
enforces it); an edit after freezing writes a new draft version.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.registry.models.business import DataItem, PreApprovalCriterion, RegisteredBusiness
from governance.tenancy.models import Municipality, Party, User


def _lines(help_text: str = "") -> models.JSONField:
    """A list of text lines; JSON rather than a PostgreSQL array so the embedded SQLite run works too."""
    return models.JSONField(default=list, blank=True, help_text=help_text)


class VersionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    FROZEN = "frozen", _("frozen")


class Version(models.Model):
    """Fields every version of a registry part has."""

    number = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=VersionState.choices, default=VersionState.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    frozen_reason = models.CharField(max_length=300, blank=True, help_text="e.g. 令和5年度第1回 承認")
    content_hash = models.CharField(max_length=64, blank=True, help_text="sha256 of the snapshot when frozen")

    class Meta:
        abstract = True
        ordering = ["part", "number"]

    def __str__(self):
        return f"{self.part} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.state == VersionState.FROZEN


class Line(models.TextChoices):
    """結合の形態"""

    INTERNET = "internet", _("internet")
    LGWAN = "lgwan", _("LGWAN")
    DEDICATED = "dedicated", _("dedicated line")


class ConnectionDirection(models.TextChoices):
    SENT = "sent", _("ward sends")
    RECEIVED = "received", _("ward receives")
    HANDLED = "handled", _("handled by the party within the chain")


class ContractDirection(models.TextChoices):
    PROVIDED = "provided", _("provided to the contractor")
    COLLECTED = "collected", _("collected by the contractor")
    PROCESSED = "processed", _("processed by the contractor")


class DatePrecision(models.TextChoices):
    """How precisely the document gives a period: 令和2年1月 is a month, not 令和2年1月1日."""

    DAY = "day", _("day")
    MONTH = "month", _("month")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("consent of the person")
    LAW = "law", _("laws and regulations")
    PUBLIC = "public", _("already public")
    EMERGENCY = "emergency", _("urgent and unavoidable")
    STATISTICS = "statistics", _("statistics only")
    COUNCIL = "council", _("council decision")
    PRE_APPROVAL = "pre_approval", _("council pre-approval criterion")


class ProcessingActivity(models.Model):
    """電算処理 — a system that records a business's items (new development, addition or change)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="processing_activities")
    business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="processing_activities")
    title = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("processing activity")
        ordering = ["municipality", "title"]
        constraints = [models.UniqueConstraint(fields=["municipality", "title"], name="processing_unique_title")]

    def __str__(self):
        return self.title


class ProcessingVersion(Version):
    part = models.ForeignKey(ProcessingActivity, on_delete=models.CASCADE, related_name="versions")
    system_name = models.CharField(max_length=200, blank=True)
    subject_scope = models.TextField(blank=True, help_text="個人の範囲")
    items = models.ManyToManyField(DataItem, blank=True, related_name="+")
    items_reference = models.CharField(max_length=200, blank=True, help_text="e.g. 資料74-2のとおり")
    storage = models.CharField(max_length=200, blank=True, help_text="記録するコンピュータ")
    reason = models.TextField(blank=True)
    content = _lines("新規開発・追加・変更の内容")
    schedule = _lines("新規開発・追加・変更の時期")

    class Meta(Version.Meta):
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="processing_version_unique")]


class ExternalConnection(models.Model):
    """外部結合 — a connection between the ward's systems and a counterparty over a line."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="connections")
    title = models.CharField(max_length=200)
    businesses = models.ManyToManyField(RegisteredBusiness, related_name="connections")

    class Meta:
        verbose_name = _("external connection")
        ordering = ["municipality", "title"]
        constraints = [models.UniqueConstraint(fields=["municipality", "title"], name="connection_unique_title")]

    def __str__(self):
        return self.title


class ConnectionVersion(Version):
    part = models.ForeignKey(ExternalConnection, on_delete=models.CASCADE, related_name="versions")
    counterparty = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    line = models.CharField(max_length=20, choices=Line.choices)
    line_note = models.TextField(blank=True, help_text="結合の形態 as the document words it")
    ward_endpoints = _lines("e.g. 区のイントラネット端末")
    party_endpoints = _lines("e.g. 収納データセンター")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_note = models.CharField(max_length=200, blank=True)
    period_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    renews_yearly = models.BooleanField(default=False, help_text="次年度以降も、同様の外部結合を行う")
    requires_japanese_jurisdiction = models.BooleanField(default=False)
    required_certifications = models.JSONField(default=list, blank=True, help_text='CertificationKind codes')
    items_reference = models.CharField(max_length=200, blank=True)
    ward_measures = _lines("区が講じる保護措置")
    party_measures = _lines("結合先が講じる保護措置")
    approval_reference = models.CharField(max_length=200, blank=True, help_text="e.g. 審議会 令和元年9月2日 諮問第6号")
    record_form_items = models.JSONField(default=dict, blank=True,
                                         help_text="Item names as the 電算結合記録票 lists them, per direction")

    class Meta(Version.Meta):
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="connection_version_unique")]


class ConnectionItem(models.Model):
    """An item a connection carries: to or from which party, in which direction."""

    version = models.ForeignKey(ConnectionVersion, on_delete=models.CASCADE, related_name="item_lines")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(DataItem, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=10, choices=ConnectionDirection.choices)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "party", "direction", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "party", "item", "direction"],
                                               name="connection_item_unique")]

    def __str__(self):
        return f"{self.item} {self.direction} {self.party}"


class OutsourcingContract(models.Model):
    """業務委託 — outsourcing to a chain of contractors."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(max_length=200)
    businesses = models.ManyToManyField(RegisteredBusiness, related_name="contracts")

    class Meta:
        verbose_name = _("outsourcing contract")
        ordering = ["municipality", "title"]
        constraints = [models.UniqueConstraint(fields=["municipality", "title"], name="contract_unique_title")]

    def __str__(self):
        return self.title


class ContractVersion(Version):
    part = models.ForeignKey(OutsourcingContract, on_delete=models.CASCADE, related_name="versions")
    summary = models.TextField(blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_note = models.CharField(max_length=200, blank=True)
    period_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    renews_yearly = models.BooleanField(default=False, help_text="次年度以降も、同様の業務委託を行う")
    requires_japanese_jurisdiction = models.BooleanField(default=False)
    required_certifications = models.JSONField(default=list, blank=True, help_text='CertificationKind codes')
    items_reference = models.CharField(max_length=200, blank=True)
    items_note = models.CharField(max_length=200, blank=True, help_text="e.g. 委託先に収集させる情報項目なし")
    handlers = models.ManyToManyField(User, blank=True, related_name="+", help_text="取扱責任者・取扱者")
    approval_reference = models.CharField(max_length=200, blank=True)

    class Meta(Version.Meta):
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="contract_version_unique")]


class ContractParty(models.Model):
    """One contractor in a contract version's chain: what it does, on which media, whom it delivers to."""

    version = models.ForeignKey(ContractVersion, on_delete=models.CASCADE, related_name="contractors")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=100, blank=True,
                             help_text="The heading the document lists it under, e.g. 納付サービス提供事業者")
    role_label = models.CharField(max_length=100, blank=True, help_text="e.g. コンビニ事業者")
    reason = models.TextField(blank=True)
    work = _lines("委託の内容")
    media = _lines("記録媒体, e.g. 電磁的媒体(委託先のサーバ)")
    delivers_to = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="delivered_from",
                                         help_text="Next contractors in the chain; none means the ward")
    subcontractor_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                                         related_name="subcontractors", help_text="再委託元; none means the ward")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "party"], name="contract_party_unique")]

    def __str__(self):
        return f"{self.party} in {self.version}"


class ContractItem(models.Model):
    contractor = models.ForeignKey(ContractParty, on_delete=models.CASCADE, related_name="item_lines")
    item = models.ForeignKey(DataItem, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=10, choices=ContractDirection.choices)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["contractor", "direction", "order"]
        constraints = [models.UniqueConstraint(fields=["contractor", "item", "direction"], name="contract_item_unique")]

    def __str__(self):
        return f"{self.item} {self.direction} {self.contractor}"


class OutOfPurposeUse(models.Model):
    """目的外利用 — one business using personal data another business collected."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="out_of_purpose_uses")
    using_business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="uses_of_others")
    providing_business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT,
                                           related_name="used_by_others")

    class Meta:
        verbose_name = _("out-of-purpose use")
        ordering = ["municipality", "pk"]
        constraints = [models.UniqueConstraint(fields=["using_business", "providing_business"],
                                               name="out_of_purpose_use_unique")]

    def __str__(self):
        return f"{self.providing_business} → {self.using_business}"


class OutOfPurposeVersion(Version):
    part = models.ForeignKey(OutOfPurposeUse, on_delete=models.CASCADE, related_name="versions")
    purpose = models.TextField(blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    period_note = models.CharField(max_length=200, blank=True)
    items = models.ManyToManyField(DataItem, blank=True, related_name="+")
    record_kinds = _lines("管理個人情報記録の種別, e.g. 戸籍等事項")
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    criterion = models.ForeignKey(PreApprovalCriterion, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    forms = _lines("目的外利用の形態, e.g. 電算処理")
    usage_method = models.TextField(blank=True, help_text="利用方法")
    responsible_officer = models.CharField(max_length=100, blank=True)

    class Meta(Version.Meta):
        constraints = [models.UniqueConstraint(fields=["part", "number"], name="out_of_purpose_version_unique")]
