"""The data subjects: children and their guardians. Every personal value is encrypted (governance.crypto).

What stays in plaintext is what the product must query on and what identifies no one: the tenant, the
facility the child attends, the registered business (登録業務) the record is held under, and the dates
the child started and left (retention counts from ``left_on``: "保存期間: 退所後 N 年").

Personal values are never read from these models directly by pages or the API: they go through
``childcare.children.access.children_read``, which asks the access policy which fields the actor may see and
records the read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.crypto import BlindIndexField, EncryptedDateField, EncryptedModel, EncryptedTextField
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Facility, Municipality, User


class Child(EncryptedModel):
    """児童 — a child attending a facility, held under a registered business."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="children")
    business = models.ForeignKey(RegisteredBusiness, on_delete=models.PROTECT, related_name="+",
                                 help_text="The registered business (登録業務) the record is held under")
    enrolled_on = models.DateField(help_text="利用開始日 — when the child started at the facility")
    left_on = models.DateField(null=True, blank=True,
                               help_text="退所日 — when the child left; retention periods count from it")
    name = EncryptedTextField(_("full name"))
    kana = EncryptedTextField(_("full name in kana"), blank=True)
    birth_date = EncryptedDateField(_("date of birth"))
    address = EncryptedTextField(_("home address"), blank=True)
    # 要配慮個人情報: only the facility's nurse and head read them (policies/rego/access); sealed apart.
    allergy_notes = EncryptedTextField(_("allergies"), blank=True, sensitive=True)
    health_notes = EncryptedTextField(_("illness and injuries"), blank=True, sensitive=True)
    disability_notes = EncryptedTextField(_("disabilities"), blank=True, null=True, sensitive=True)
    # Seed 002's items (保育業務支援システム). Empty is NULL, never a sealed "": a business whose registry does
    # not list an item holds no ciphertext for it at all (childcare.children.fields.held_fields).
    sex = EncryptedTextField(_("sex"), blank=True, null=True)
    nationality = EncryptedTextField(_("nationality"), blank=True, null=True)
    development_notes = EncryptedTextField(_("development"), blank=True, null=True, sensitive=True)
    care_status = EncryptedTextField(_("care situation"), blank=True, null=True)
    family_doctor = EncryptedTextField(_("family doctor or clinic"), blank=True, null=True)
    name_index = BlindIndexField(source="name", kind="name")
    kana_index = BlindIndexField(source="kana", kind="kana")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who may read a child is decided by its facility (staff) and business (vendors): bound into its values.
    encryption_bound_to = ("facility", "business")

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        indexes = [models.Index(fields=["municipality", "facility"]), models.Index(fields=["municipality", "business"]),
                   models.Index(fields=["municipality", "left_on"])]

    def __str__(self):  # never the name: str() ends up in logs and error messages
        return f"child {self.record_uid}"


class Guardian(EncryptedModel):
    """保護者 — a child's guardian; optionally the login (role guardian) they use for the guardian portal."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="guardian_records",
                             help_text="The guardian's own login, for the guardian portal")
    name = EncryptedTextField(_("full name"))
    kana = EncryptedTextField(_("full name in kana"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True, null=True)
    address = EncryptedTextField(_("home address"), blank=True)
    bank_account = EncryptedTextField(_("bank account for direct debit"), blank=True, null=True,
                                      help_text="口座振替の口座: bank, branch, kind and number")
    # Seed 002's items; empty is NULL (see Child).
    birth_date = EncryptedDateField(_("date of birth"), blank=True, null=True)
    nationality = EncryptedTextField(_("nationality"), blank=True, null=True)
    home_phone = EncryptedTextField(_("home phone"), blank=True, null=True)
    fax = EncryptedTextField(_("fax"), blank=True, null=True)
    employer_name = EncryptedTextField(_("employer"), blank=True, null=True)
    employer_address = EncryptedTextField(_("employer's address"), blank=True, null=True)
    employer_phone = EncryptedTextField(_("employer's phone"), blank=True, null=True)
    family_situation = EncryptedTextField(_("family situation"), blank=True, null=True, sensitive=True)
    illness_notes = EncryptedTextField(_("illnesses"), blank=True, null=True, sensitive=True)
    disability_notes = EncryptedTextField(_("disabilities"), blank=True, null=True, sensitive=True)
    housing = EncryptedTextField(_("housing situation"), blank=True, null=True)
    name_index = BlindIndexField(source="name", kind="name")
    kana_index = BlindIndexField(source="kana", kind="kana")
    phone_index = BlindIndexField(source="phone", kind="phone")
    email_index = BlindIndexField(source="email", kind="email")
    children_left_on = models.DateField(
        null=True, blank=True, help_text="When the last of the guardian's children left (empty while one is "
                                         "enrolled): retention counts from it")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guardian")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user"], condition=models.Q(user__isnull=False),
                                    name="guardian_one_record_per_login_and_tenant"),
        ]

    def __str__(self):
        return f"guardian {self.record_uid}"


class ChildGuardian(EncryptedModel):
    """Who is a child's guardian, and how related (続柄, encrypted with the child's data key)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.PROTECT, related_name="child_links")
    relationship = EncryptedTextField(_("relationship"), blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="1 = first contact")

    # Shredding the child shreds the relationship too; the link reads only between these two.
    encryption_key_from = "child"
    encryption_bound_to = ("child", "guardian")

    class Meta:
        verbose_name = _("guardian of a child")
        ordering = ["child", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["child", "guardian"], name="child_guardian_unique")]

    def __str__(self):
        return f"guardian {self.guardian_id} of child {self.child_id}"


class HouseholdMember(EncryptedModel):
    """同居家族 — someone living in a guardian's household (seed 002: 氏名, 続柄, 性別, 生年月日).

    Sealed with the guardian's data key: erasing the guardian erases the household with them.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="household_members")
    name = EncryptedTextField(_("full name"))
    relationship = EncryptedTextField(_("relationship"), blank=True, null=True)
    sex = EncryptedTextField(_("sex"), blank=True, null=True)
    birth_date = EncryptedDateField(_("date of birth"), blank=True, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    encryption_key_from = "guardian"
    encryption_bound_to = ("guardian",)

    class Meta:
        verbose_name = _("household member")
        ordering = ["guardian", "pk"]

    def __str__(self):
        return f"household member {self.pk} of guardian {self.guardian_id}"
