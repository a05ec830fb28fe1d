"""A notification for one person, and the address their notifications are mailed to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.crypto.fields import EncryptedModel, EncryptedTextField


class NotificationKind(models.TextChoices):
    WAITLIST_OFFER = "waitlist_offer", _("A place offered from the waiting list")
    SUBMISSION_RETURNED = "submission_returned", _("A submission returned by the committee")
    DELETION_OVERDUE = "deletion_overdue", _("A deletion certificate overdue")
    CERTIFICATION_EXPIRING = "certification_expiring", _("A certification expiring")
    IMPORT_REFUSED = "import_refused", _("An import refused")


class MailStatus(models.TextChoices):
    PENDING = "pending", _("to be mailed")
    SENT = "sent", _("mailed")
    NO_ADDRESS = "no_address", _("no address to mail to")
    FAILED = "failed", _("mail could not be sent")


class Notification(models.Model):
    """お知らせ — one thing one person is told: its kind, the references its text is written from, and a link."""

    municipality = models.ForeignKey(
        "governance.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(default=dict, blank=True, help_text="Ids, dates, counts and names of organisations")
    link = models.CharField(max_length=300, blank=True)
    subject_type = models.CharField(max_length=100, blank=True, help_text="What it is about: app_label.model")
    subject_id = models.CharField(max_length=64, blank=True)
    key = models.CharField(max_length=200, unique=True, help_text="One notification per recipient and occasion")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail_status = models.CharField(max_length=12, choices=MailStatus.choices, default=MailStatus.PENDING)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self):
        return f"{self.kind} notification {self.pk}"


class MailAddress(EncryptedModel):
    """通知先 — where a person's notifications are mailed (sealed: an address is personal)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_address")
    address = EncryptedTextField(_("e-mail address"))
    updated_at = models.DateTimeField(auto_now=True)

    encryption_tenant = None  # a login belongs to no single tenant: the platform's key ring

    class Meta:
        verbose_name = _("notification e-mail address")

    def __str__(self):
        return f"mail address of user {self.user_id}"
