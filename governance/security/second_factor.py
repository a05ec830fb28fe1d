"""The second factor (二要素認証) for staff roles: TOTP enrolment and verification, one-time recovery codes.

Every role that can see other people's data needs it — department staff, facility staff,
committee members, vendor users, auditors, administrators (and anyone allowed into the admin
site); guardians, who see only their own family, do not.
"""

import secrets
from enum import StrEnum

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput, NotFound
from governance.security import totp
from governance.security.models import EnrolmentCode, RecoveryCode, TotpDevice
from governance.tenancy.models import Role, User

RECOVERY_CODE_COUNT = 10
EXEMPT_ROLES = frozenset({Role.GUARDIAN})


class Method(StrEnum):
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


def second_factor_required(user: User) -> bool:
    """Whether the user must pass a second factor to log in: any role but guardian, or admin-site access."""
    if user.is_staff or user.is_superuser:
        return True
    return user.memberships.exclude(role__in=EXEMPT_ROLES).exists()


def totp_device_confirmed(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TotpDevice:
    """Give the user a new authenticator secret to add to their app (kept until confirmed with a code)."""
    if totp_device_confirmed(user) is not None:
        raise Conflict(
            _(
                "'%(user)s' already has an authenticator; an administrator must reset it first"
            )
            % {
                "user": user,
            }, field="user")
    device = TotpDevice.objects.filter(user=user).first()
    if device is None:
        device = TotpDevice(user=user, secret=totp.new_secret())
        device.save()
    return device


def _recovery_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.lower() if ch.isalnum())
    return salted_hmac("mimamori.recovery-code", normalised, algorithm="sha256").hexdigest()


def _new_recovery_code() -> str:
    raw = secrets.token_hex(5)  # 40 bits each; single use, and guessing is throttled by the lockout
    return f"{raw[:5]}-{raw[5:]}"


def enrolment_code_hash(code: str) -> str:
    """The keyed hash an enrolment code is kept as (case, spaces and dashes do not matter)."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return salted_hmac("mimamori.enrolment-code", normalised, algorithm="sha256").hexdigest()


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the codes are returned once and stored hashed."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_hash=_recovery_hash(c)) for c in codes])
    audit_record("governance.recovery_code.issued", obj=user, actor_id=user.pk, data={"count": len(codes)})
    return codes


@transaction.atomic
def totp_enrolment_confirm(*, user: User, enrolment_code: str, code: str, at: float | None = None) -> list[str]:
    """Confirm the new authenticator with the administrator's enrolment code and a code from the app; spend the
    enrolment code and return the user's fresh recovery codes."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        raise NotFound(_("'%(user)s' has no authenticator being set up; start again") % {"user": user}, field="code")
    if device.confirmed_at is not None:
        raise Conflict(_("'%(user)s' already has an authenticator") % {"user": user}, field="code")
    enrolment = (EnrolmentCode.objects.select_for_update()
                 .filter(user=user, code_hash=enrolment_code_hash(enrolment_code), used_at__isnull=True,
                         expires_at__gt=timezone.now()).first())
    if enrolment is None:
        raise InvalidInput(_("The enrolment code is wrong, already used or expired; an administrator issues a new "
                           "one"), field="enrolment_code")
    step = totp.matching_step(device.secret, code, at=at)
    if step is None:
        raise InvalidInput(_("The code does not match the authenticator's secret; check the app's clock and "
                           "enter the code it shows now"), field="code")
    device.confirmed_at = enrolment.used_at = timezone.now()
    device.last_step = step
    device.save(update_fields=["confirmed_at", "last_step"])
    enrolment.save(update_fields=["used_at"])
    audit_record("governance.totp.enrolled", obj=user, actor_id=user.pk, data={"enrolment_code_id": enrolment.pk})
    return recovery_codes_issue(user=user)


@transaction.atomic
def totp_device_enrol(*, user: User, secret: str) -> TotpDevice:
    """Enrol a known secret without a code (the demo loader's published demo secret; tests)."""
    TotpDevice.objects.filter(user=user).delete()
    device = TotpDevice(user=user, secret=secret, confirmed_at=timezone.now())
    device.save()
    audit_record("governance.totp.enrolled", obj=user)
    return device


@transaction.atomic
def second_factor_verify(*, user: User, code: str, at: float | None = None) -> Method | None:
    """Check a TOTP code (each accepted once) or an unused recovery code (then spent); None when neither."""
    code = code.strip()
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is not None:
        step = totp.matching_step(device.secret, code, at=at)
        if step is not None and step > device.last_step:
            device.last_step = step
            device.save(update_fields=["last_step"])
            return Method.TOTP
    spent = RecoveryCode.objects.filter(user=user, code_hash=_recovery_hash(code), used_at__isnull=True) \
        .update(used_at=timezone.now())
    if spent:
        remaining = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        audit_record("governance.recovery_code.used", obj=user, actor_id=user.pk, data={"remaining": remaining})
        return Method.RECOVERY_CODE
    audit_record("governance.login.second_factor_failed", obj=user)
    return None


def recovery_codes_remaining(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
