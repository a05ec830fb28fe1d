"""Childcare operations support (保育業務支援, seed 002): classes, attendance, absence notices.

Classes are per facility and fiscal year (4月–3月). Which staff member works with which class is a
per-object permission (django-guardian, ``view_childclass`` on the class) held in a direct-FK table, so the
grant goes with the class and selectors narrow lists in SQL with one subquery.

What stays in plaintext identifies no one by itself: which class a child is placed in, and when a child
arrived and left (like ``Child.enrolled_on``, operational dates keyed by the child's id). What families and
staff write (reasons, contact book, health records, logs) is sealed with each record's own data key, so each
kind of record has its own retention rule (childcare.operations.retention) and is shredded by it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from childcare.children.models import Child, Guardian
from governance.crypto import EncryptedBinaryField, EncryptedJSONField, EncryptedModel, EncryptedTextField
from governance.tenancy.models import Facility, Municipality, User


class OperationsFacility(models.Model):
    """保育業務の施設設定 — how a nursery runs its operations (rows an administrator edits, never code)."""

    facility = models.OneToOneField(Facility, on_delete=models.PROTECT, related_name="operations")
    own_class_only = models.BooleanField(
        _("staff see only their own class"), default=False,
        help_text="Childcare workers and clerks see the children of the classes they are assigned to; the head "
                  "and the nurse see the whole facility")
    kiosk_idle_seconds = models.PositiveIntegerField(_("kiosk locks after (seconds idle)"), default=120)
    absence_flag_days = models.PositiveSmallIntegerField(
        _("flag a child absent this many days in a row"), default=3)

    class Meta:
        verbose_name = _("nursery operations settings")
        verbose_name_plural = _("nursery operations settings")

    def __str__(self):
        return str(self.facility)


class ChildClass(models.Model):
    """クラス — a class of one facility in one fiscal year (e.g. ひよこ組 2026)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="classes")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), help_text="年度: April to March")
    name = models.CharField(_("class name"), max_length=50)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["facility", "-fiscal_year", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["facility", "fiscal_year", "name"],
                                               name="childclass_unique_name_per_facility_year")]

    def __str__(self):
        return f"{self.name} ({self.fiscal_year})"


class ChildClassUserObjectPermission(UserObjectPermissionBase):
    """A staff member's grant on one class (direct FK: deleting the class deletes the grant, no orphan)."""

    content_object = models.ForeignKey(ChildClass, on_delete=models.CASCADE)


class ChildClassGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(ChildClass, on_delete=models.CASCADE)


class ClassPlacement(models.Model):
    """A child's place in a class for a fiscal year (one class per child and year)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="class_placements")
    child_class = models.ForeignKey(ChildClass, on_delete=models.PROTECT, related_name="placements")
    fiscal_year = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("class placement")
        constraints = [models.UniqueConstraint(fields=["child", "fiscal_year"],
                                               name="classplacement_one_class_per_child_and_year")]

    def __str__(self):
        return f"child {self.child_id} in class {self.child_class_id}"


class AttendanceVia(models.TextChoices):
    QR = "qr", _("guardian's QR code at the kiosk")
    STAFF = "staff", _("staff at the kiosk's touch list")


class Attendance(models.Model):
    """登降園 — a child's arrival and departure on one day at their facility."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="attendances")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    arrived_at = models.DateTimeField()
    arrived_via = models.CharField(max_length=10, choices=AttendanceVia.choices)
    left_at = models.DateTimeField(null=True, blank=True)
    left_via = models.CharField(max_length=10, choices=AttendanceVia.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        constraints = [models.UniqueConstraint(fields=["child", "date"], name="attendance_one_per_child_and_day")]
        indexes = [models.Index(fields=["facility", "date"])]

    def __str__(self):
        return f"attendance of child {self.child_id} on {self.date}"


class CheckInPass(models.Model):
    """A one-time check-in code a guardian's page shows as a QR code: a random nonce, signed with a timestamp.

    The code carries no personal value; the row says whose it is, until when it is good and when it was used,
    so a second scan of the same code (a photo of the screen, a replayed request) is refused.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64, unique=True)
    # The same pass as 8 digits a guardian types at a kiosk without a scanner; held as a keyed hash only, so
    # the table alone does not let anyone check a child in.
    code_digest = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_at_facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("check-in pass")
        indexes = [models.Index(fields=["expires_at"]), models.Index(fields=["municipality", "code_digest"])]

    def __str__(self):
        return f"check-in pass {self.pk}"


class StaffPin(models.Model):
    """A staff member's personal PIN that unlocks a shared kiosk tablet (stored as a password hash)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="kiosk_pin")
    pin_hash = models.CharField(max_length=128)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kiosk PIN")

    def __str__(self):
        return f"kiosk PIN of user {self.user_id}"


class NoticeKind(models.TextChoices):
    ABSENT = "absent", _("absent")
    LATE = "late", _("late")


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("illness or injury")
    FAMILY = "family", _("family reasons")
    OTHER = "other", _("other")


class AbsenceNotice(EncryptedModel):
    """欠席・遅刻連絡 — a guardian's notice that a child will be absent or late on a day.

    The reason is sealed with the notice's own data key (its retention rule can shred it before the child's).
    Whether it is an illness is itself health information,
    so every reason is read as sensitive: staff other than the nurse and the head see "absent" or "late",
    never a reason — showing only the other reasons would disclose the illnesses by their absence.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="absence_notices")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    arrives_at = models.TimeField(null=True, blank=True, help_text="For a late arrival: the expected time")
    reason_kind = EncryptedTextField(_("reason"))
    reason = EncryptedTextField(_("details"), blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    encryption_bound_to = ("child",)

    class Meta:
        verbose_name = _("absence notice")
        constraints = [models.UniqueConstraint(fields=["child", "date"], condition=models.Q(withdrawn_at__isnull=True),
                                               name="absencenotice_one_open_per_child_and_day")]
        indexes = [models.Index(fields=["facility", "date"])]

    def __str__(self):
        return f"absence notice {self.pk} of child {self.child_id}"


class PhotoSharing(models.Model):
    """写真共有 — whether the family lets the child appear in photos shared with other families."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="photo_sharing")
    refused = models.BooleanField(default=False)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("photo sharing choice")

    def __str__(self):
        return f"photo sharing of child {self.child_id}"


class ContactSide(models.TextChoices):
    HOME = "home", _("from home")
    NURSERY = "nursery", _("from the nursery")


class ContactEntry(EncryptedModel):
    """連絡帳 — one day's entry in a child's contact book, from home or from the nursery (sealed with its own
    data key, which its photos share: shredding the entry shreds them)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contact_entries")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    side = models.CharField(max_length=10, choices=ContactSide.choices)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField(_("entry"))
    created_at = models.DateTimeField(auto_now_add=True)

    encryption_bound_to = ("child",)

    class Meta:
        verbose_name = _("contact book entry")
        verbose_name_plural = _("contact book entries")
        indexes = [models.Index(fields=["child", "date"])]

    def __str__(self):
        return f"contact entry {self.pk} of child {self.child_id}"


class ContactPhoto(EncryptedModel):
    """A photo attached to a contact book entry: stored re-encoded without any metadata (EXIF, GPS), sealed.

    ``shown`` lists the other children in the picture; the entry's family sees it, so a child shown whose
    family refused sharing (``PhotoSharing``) may not be in a photo of another family's entry.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    entry = models.ForeignKey(ContactEntry, on_delete=models.CASCADE, related_name="photos")
    image = EncryptedBinaryField(_("photo"))
    kind = models.CharField(max_length=10, help_text="jpeg | png, as sniffed and re-encoded")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    shown = models.ManyToManyField(Child, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    encryption_key_from = "entry"
    encryption_bound_to = ("entry",)

    class Meta:
        verbose_name = _("contact book photo")

    def __str__(self):
        return f"contact photo {self.pk}"


class Newsletter(models.Model):
    """園だより・お知らせ — a newsletter or notice of a facility, or of one of its classes, with an optional PDF.

    Its recipients are fixed when it is sent (the guardians of the children addressed then), so a family
    joining or leaving the class later neither gains nor loses what was already sent.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    child_class = models.ForeignKey(ChildClass, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="Empty: every family of the facility")
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), blank=True)
    attachment = models.BinaryField(null=True, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("newsletter")
        indexes = [models.Index(fields=["facility", "sent_at"])]

    def __str__(self):
        return self.title


class NewsletterRecipient(models.Model):
    """A guardian a newsletter was sent to, and when they first read it (既読)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="recipients")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter recipient")
        constraints = [models.UniqueConstraint(fields=["newsletter", "guardian"], name="newsletter_recipient_unique")]

    def __str__(self):
        return f"recipient {self.guardian_id} of newsletter {self.newsletter_id}"


class HealthKind(models.TextChoices):
    TEMPERATURE = "temperature", _("temperature check")
    CHECKUP = "checkup", _("check-up")
    GROWTH = "growth", _("growth (height and weight)")


class HealthRecord(EncryptedModel):
    """保健記録 — a temperature check, a check-up or a growth measurement of a child (要配慮個人情報).

    Every value is sealed with the record's own data key (retention may end it apart from the child's); the
    access policy lets only the nurse and the head of the child's facility read them
    (policies/rego/access: ``health_record.*`` is always sensitive).
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="health_records")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=HealthKind.choices)
    measurements = EncryptedJSONField(_("measurements"), sensitive=True)
    notes = EncryptedTextField(_("notes"), blank=True, sensitive=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    encryption_bound_to = ("child",)

    class Meta:
        verbose_name = _("health record")
        indexes = [models.Index(fields=["child", "kind", "date"])]

    def __str__(self):
        return f"health record {self.pk} of child {self.child_id}"


class PlanPeriod(models.TextChoices):
    ANNUAL = "annual", _("annual")
    MONTHLY = "monthly", _("monthly")
    WEEKLY = "weekly", _("weekly")


class GuidancePlan(models.Model):
    """指導計画 — a class's annual, monthly or weekly plan: aims (ねらい) and content (内容・環境構成).

    About the class, never about one child (individual plans would be personal and sealed), so plain text.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child_class = models.ForeignKey(ChildClass, on_delete=models.CASCADE, related_name="plans")
    period = models.CharField(max_length=10, choices=PlanPeriod.choices)
    starts_on = models.DateField()
    aims = models.TextField(_("aims"))
    content = models.TextField(_("content and environment"), blank=True)
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("guidance plan")
        ordering = ["child_class", "period", "-starts_on"]
        constraints = [models.UniqueConstraint(fields=["child_class", "period", "starts_on"],
                                               name="guidanceplan_one_per_class_period_and_start")]

    def __str__(self):
        return f"{self.get_period_display()} plan of class {self.child_class_id} from {self.starts_on}"


class DailyLog(EncryptedModel):
    """保育日誌 — a class's log of one day. It names children, so its text is sealed (the class's own data key)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    child_class = models.ForeignKey(ChildClass, on_delete=models.CASCADE, related_name="daily_logs")
    date = models.DateField()
    body = EncryptedTextField(_("log"))
    written_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    encryption_bound_to = ("child_class",)

    class Meta:
        verbose_name = _("daily log")
        constraints = [models.UniqueConstraint(fields=["child_class", "date"], name="dailylog_one_per_class_and_day")]

    def __str__(self):
        return f"daily log of class {self.child_class_id} on {self.date}"
