"""Registered businesses and what they hold: data items, certifications, facilities, pre-approval criteria."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.tenancy.models import Department, Facility, Municipality, Party


class RegisteredBusiness(models.Model):
    """登録業務 — a registered business: the unit of the 個人情報ファイル簿 (file register)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="businesses")
    number = models.CharField(max_length=20, blank=True, help_text="業務登録番号, e.g. 0804-01; blank when not given")
    name = models.CharField(max_length=200)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="businesses",
                                   help_text="保有課 — the owning department")
    other_departments = models.ManyToManyField(Department, blank=True, related_name="co_owned_businesses",
                                               help_text="Departments that own the business jointly")
    purpose = models.TextField(blank=True)
    privacy_officer_title = models.CharField(max_length=100, blank=True,
                                             help_text="個人情報保護管理責任者, e.g. 練馬子ども家庭支援センター所長")
    subject_scope = models.TextField(blank=True, help_text="個人の範囲 — whose data it holds")
    subject_count = models.PositiveIntegerField(null=True, blank=True, help_text="対象者数")
    subject_count_note = models.CharField(max_length=200, blank=True, help_text="e.g. 約6,000人/年")

    class Meta:
        verbose_name = _("registered business")
        ordering = ["municipality", "number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="business_unique_name_per_tenant"),
            models.UniqueConstraint(fields=["municipality", "number"], condition=~models.Q(number=""),
                                    name="business_unique_number_per_tenant"),
        ]

    def __str__(self):
        return f"{self.number} {self.name}" if self.number else self.name


class Subject(models.TextChoices):
    """Whose data an item is."""

    CHILD = "child", _("child")
    GUARDIAN = "guardian", _("guardian")
    HOUSEHOLD_MEMBER = "household_member", _("household member")
    PAYER = "payer", _("payer")
    APPLICANT = "applicant", _("applicant")
    PAYMENT_RECORD = "payment_record", _("payment record")
    BOOKING = "booking", _("booking")
    RESIDENT = "resident", _("resident")


class ItemCategory(models.TextChoices):
    IDENTITY = "identity", _("identity")
    CONTACT = "contact", _("contact")
    FAMILY = "family", _("family and household")
    EMPLOYMENT = "employment", _("employment")
    HEALTH = "health", _("health")
    CARE = "care", _("care and development")
    CREDENTIAL = "credential", _("credential")
    REGISTRATION = "registration", _("registration")
    USAGE = "usage", _("booking and usage")
    PAYMENT = "payment", _("payment")
    FINANCIAL = "financial", _("financial")
    CONSULTATION = "consultation", _("consultation")
    TAX = "tax", _("tax")


class DataItem(models.Model):
    """情報項目 — one item of personal data a business holds, e.g. the guardian's 住所."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="data_items")
    business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="items")
    subject = models.CharField(max_length=20, choices=Subject.choices)
    group = models.CharField(max_length=100, blank=True, help_text="A compound item it belongs to, e.g. バーコード情報")
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=ItemCategory.choices, blank=True)
    sensitive = models.BooleanField(default=False, help_text="要配慮個人情報")
    sensitive_reason = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Position in the business's item list")

    class Meta:
        verbose_name = _("data item")
        ordering = ["business", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["business", "subject", "group", "name"], name="data_item_unique"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The item as the seeds write it: 年度 inside バーコード情報 reads バーコード情報(年度)."""
        return f"{self.group}({self.name})" if self.group else self.name

    @property
    def display_label(self) -> str:
        """Subject and label as a reader says them, in their language: "保護者: 住所"."""
        return f"{self.get_subject_display()}: {self.label}"

    @property
    def qualified_label(self) -> str:
        """Subject and label, unique within a business: "guardian:住所"."""
        return f"{self.subject}:{self.label}"


class CertificationKind(models.TextChoices):
    PRIVACY_MARK = "privacy_mark", _("Privacy Mark")
    ISMS = "isms", _("ISMS (ISO/IEC 27001)")


class Certification(models.Model):
    """A party's Privacy Mark or ISMS certificate: number, scope and expiry (blank when not yet known)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="certifications")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(max_length=20, choices=CertificationKind.choices)
    number = models.CharField(max_length=50, blank=True)
    scope = models.CharField(max_length=200, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("certification")
        ordering = ["party", "kind"]
        constraints = [models.UniqueConstraint(fields=["party", "kind"], name="certification_one_per_kind")]

    def __str__(self):
        return f"{self.party} {self.get_kind_display()} {self.number}".strip()


class FacilityUse(models.Model):
    """システム利用施設 — a facility that uses a business's system, with its capacity and operator."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="facility_uses")
    business = models.ForeignKey(RegisteredBusiness, on_delete=models.CASCADE, related_name="facility_uses")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="registry_uses")
    address = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="定員 (人); blank where none is given")
    operator = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="operated_facilities", help_text="運営事業者")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("facility using a system")
        ordering = ["business", "order"]
        constraints = [models.UniqueConstraint(fields=["business", "facility"], name="facility_use_unique")]

    def __str__(self):
        return f"{self.facility} ({self.capacity or '-'})"


class PreApprovalCriterion(models.Model):
    """事前一括承認基準 — a type of out-of-purpose use the council approves in advance (類型1 …)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="pre_approval_criteria")
    type_number = models.PositiveSmallIntegerField(help_text="類型 number")
    description = models.TextField()

    class Meta:
        verbose_name = _("pre-approval criterion")
        ordering = ["municipality", "type_number"]
        constraints = [models.UniqueConstraint(fields=["municipality", "type_number"], name="criterion_unique_type")]

    def __str__(self):
        return f"類型{self.type_number}"


class PreApprovalExample(models.Model):
    """事例 — an example pair under a criterion: the providing business and the using business."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="pre_approval_examples")
    criterion = models.ForeignKey(PreApprovalCriterion, on_delete=models.CASCADE, related_name="examples")
    providing_business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="+")
    using_business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("pre-approval example")
        ordering = ["criterion", "order"]
        constraints = [models.UniqueConstraint(fields=["criterion", "providing_business", "using_business"],
                                               name="criterion_example_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.providing_business} → {self.using_business}"
