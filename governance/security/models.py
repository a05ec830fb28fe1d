"""Login protection (ログイン保護): failed logins, TOTP second factors, recovery codes, enrolment codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.crypto import EncryptedModel, EncryptedTextField


class LoginFailure(models.Model):
    """One failed login; counted per account and per address inside a time window.

    The account is a keyed digest of the typed username, so attempts on names that do not exist
    count too and no username is stored.
    """

    account_digest = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    occurred_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed login")

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S}"


class TotpDevice(EncryptedModel):
    """A user's authenticator (TOTP, RFC 6238); its secret is sealed with the platform key ring."""

    user = models.OneToOneField("governance.User", on_delete=models.CASCADE, related_name="totp_device")
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The newest time step accepted: a code is never accepted twice.
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    encryption_tenant = None

    class Meta:
        verbose_name = _("authenticator")

    def __str__(self):
        return f"TOTP #{self.pk}"


class RecoveryCode(models.Model):
    """A one-time recovery code (リカバリーコード), kept only as a keyed hash."""

    user = models.ForeignKey("governance.User", on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recovery code")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recoverycode_unique_per_user"),
        ]

    def __str__(self):
        return f"recovery code #{self.pk}"


class EnrolmentCode(models.Model):
    """A one-time code (登録コード) an administrator issues so that a staff member can set up an authenticator.

    The password alone must not be enough to attach a second factor to an account. Kept only as a
    keyed hash; it works once and expires.
    """

    user = models.ForeignKey("governance.User", on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment code")

    def __str__(self):
        return f"enrolment code #{self.pk}"
