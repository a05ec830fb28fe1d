"""The babysitter subsidy's records. Every personal value is encrypted (governance.crypto); what stays in
plaintext is what the rules and the workflow query on and identifies no one: dates and times of use, amounts,
the state of an application, the certified companies and the sitters' registration numbers.

Personal values are never read from these models by pages or the API directly: they go through
``childcare.subsidy.access``, which shows only the fields the actor's role and the approved contract allow and
records the read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.crypto import (
    BlindIndexField,
    EncryptedBinaryField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedModel,
    EncryptedTextField,
)
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Municipality, User


class LogoFormMapping(models.Model):
    """LoGoフォームの列対応 — which column (headed by its question label) of a LoGo form's CSV export holds which
    field. Department staff edit it; a changed form gets a new version, so every import names the version it
    was read with."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    form = models.CharField(max_length=100, help_text="The LoGo form's name, as staff choose it on import")
    version = models.PositiveIntegerField()
    columns = models.JSONField(help_text="field → the question label heading its column")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("LoGo form mapping")
        constraints = [models.UniqueConstraint(fields=["municipality", "form", "version"],
                                               name="subsidy_mapping_version_unique")]

    def __str__(self):
        return f"{self.form} v{self.version}"


class SitterCompany(models.Model):
    """認定ベビーシッター事業者 — a company certified by Tokyo, as the ward keeps it, with its hourly price."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=20, help_text="The company's code on the application form")
    name = models.CharField(max_length=200)
    hourly_price_yen = models.PositiveIntegerField(help_text="The company's price per hour of care: the ceiling")
    certified_from = models.DateField()
    certified_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("certified sitter company")
        verbose_name_plural = _("certified sitter companies")
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="subsidy_company_code_unique")]

    def __str__(self):
        return self.name


class EligibleSitter(models.Model):
    """A sitter the company marks as eligible for the subsidy from a date (by registration number only)."""

    company = models.ForeignKey(SitterCompany, on_delete=models.CASCADE, related_name="sitters")
    number = models.CharField(max_length=20, help_text="The sitter's registration number at the company")
    eligible_from = models.DateField()
    eligible_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("eligible sitter")
        constraints = [models.UniqueConstraint(fields=["company", "number"], name="subsidy_sitter_unique")]

    def __str__(self):
        return f"{self.company.code}/{self.number}"


class ApplicationState(models.TextChoices):
    RECEIVED = "received", _("received")
    PRE_CHECKED = "pre_checked", _("pre-checked")
    DECIDED = "decided", _("decided")
    NOTIFIED = "notified", _("notified")
    PAID = "paid", _("paid")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    PARTLY = "partly", _("partly approved")
    REFUSED = "refused", _("refused")


class Application(EncryptedModel):
    """申請 — one LoGo form answer: the applicant (保護者), the child, the uses, the bank account to pay into."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="+",
                                 help_text="The registered business (登録業務) the record is held under")
    mapping = models.ForeignKey(LogoFormMapping, on_delete=models.PROTECT, related_name="applications")
    answer_id = models.CharField(max_length=64, help_text="LoGo's answer id (回答ID): an import is idempotent by it")
    submitted_on = models.DateField(help_text="申請日")
    fiscal_year = models.PositiveSmallIntegerField(help_text="The fiscal year of the uses claimed")
    state = models.CharField(max_length=20, choices=ApplicationState.choices, default=ApplicationState.RECEIVED)
    applicant_name = EncryptedTextField(_("applicant's name"))
    applicant_address = EncryptedTextField(_("applicant's address"), blank=True)
    applicant_birth_date = EncryptedDateField(_("applicant's date of birth"), null=True)
    applicant_phone = EncryptedTextField(_("applicant's phone"), blank=True)
    applicant_email = EncryptedTextField(_("applicant's e-mail"), blank=True)
    bank_account = EncryptedJSONField(_("bank account"),
                                      help_text="bank_code, branch_code, kind (1 普通, 2 当座), number, holder_kana")
    child_name = EncryptedTextField(_("child's name"))
    child_birth_date = EncryptedDateField(_("child's date of birth"))
    # "name|birth date": the same child across applications is found by this keyed index, never by plaintext.
    child_identity = EncryptedTextField(blank=True)
    child_identity_index = BlindIndexField(source="child_identity", kind="name")
    multiple_birth = models.BooleanField(default=False, help_text="多胎児: the yearly cap doubles")
    claimed_yen = models.PositiveIntegerField(default=0, help_text="What the applicant claimed")
    computed_yen = models.PositiveIntegerField(default=0, help_text="What the rules allow")
    refusals = models.JSONField(default=list, blank=True, help_text="Rule refusals: code, rule, message, use")
    pre_checked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    pre_checked_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices, blank=True)
    decided_yen = models.PositiveIntegerField(null=True, blank=True)
    decision_reason = EncryptedTextField(_("reason of the decision"), blank=True, null=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True, help_text="Retention counts from the decision's day")
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("subsidy application")
        constraints = [models.UniqueConstraint(fields=["municipality", "answer_id"],
                                               name="subsidy_answer_id_unique")]
        indexes = [models.Index(fields=["municipality", "state"]),
                   models.Index(fields=["municipality", "fiscal_year"])]

    def __str__(self):  # never a name: str() ends up in logs and error messages
        return f"subsidy application {self.pk}"


class Use(models.Model):
    """One use of a sitter claimed in an application, with what the rules made of it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="uses")
    line = models.PositiveSmallIntegerField(help_text="1-based position in the application")
    used_on = models.DateField()
    starts_at = models.TimeField()
    ends_at = models.TimeField(help_text="Earlier than the start: the use ends the next day")
    company = models.ForeignKey(SitterCompany, on_delete=models.PROTECT, related_name="+")
    sitter_number = models.CharField(max_length=20)
    care_charge_yen = models.PositiveIntegerField(help_text="保育料: the only charge that counts")
    excluded_yen = models.PositiveIntegerField(default=0, help_text="入会金・交通費・キャンセル料・保険料 …")
    discount_yen = models.PositiveIntegerField(default=0)
    excluded = models.BooleanField(default=False, help_text="Left out by a partial decision (e.g. a duplicate)")
    day_hours = models.PositiveSmallIntegerField(default=0)
    night_hours = models.PositiveSmallIntegerField(default=0)
    amount_yen = models.PositiveIntegerField(default=0)
    breakdown = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application", "line"]
        constraints = [models.UniqueConstraint(fields=["application", "line"], name="subsidy_use_line_unique")]

    def __str__(self):
        return f"use {self.line} of application {self.application_id}"


class Document(EncryptedModel):
    """A document of an application (receipt, the company's itemised statement …), encrypted with its key."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("receipt of payment")
        STATEMENT = "statement", _("itemised statement")
        FORM = "form", _("application form")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = EncryptedTextField(_("file name"))
    content = EncryptedBinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    encryption_key_from = "application"
    encryption_bound_to = ("application",)

    def __str__(self):
        return f"document {self.pk} of application {self.application_id}"


class Step(models.Model):
    """One signed step of an application (staged sign-off): who moved it, when, from what to what."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self):
        return f"{self.from_state}→{self.to_state} of application {self.application_id}"


class Inquiry(EncryptedModel):
    """相談内容 — a call-centre inquiry the contractor records against an application's applicant."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="inquiries")
    content = EncryptedTextField(_("inquiry"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    encryption_key_from = "application"
    encryption_bound_to = ("application",)

    class Meta:
        ordering = ["application", "recorded_at", "pk"]

    def __str__(self):
        return f"inquiry {self.pk} of application {self.application_id}"


class TransferRun(EncryptedModel):
    """One Zengin transfer file (総合振込) and what it paid; the file names payees, so it is encrypted."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    transfer_on = models.DateField(help_text="振込指定日")
    file = EncryptedBinaryField(_("transfer file"))
    sha256 = models.CharField(max_length=64)
    record_count = models.PositiveIntegerField()
    total_yen = models.PositiveBigIntegerField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"transfer run {self.pk}"


class Payment(models.Model):
    """What a transfer run paid to one application; one per application ever, so a re-run never pays twice."""

    run = models.ForeignKey(TransferRun, on_delete=models.PROTECT, related_name="payments")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="payment")
    amount_yen = models.PositiveIntegerField()

    def __str__(self):
        return f"payment of application {self.application_id} in run {self.run_id}"
