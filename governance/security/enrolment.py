"""What an administrator does so that a staff member can set up an authenticator: issue a one-time enrolment
code (登録コード), or reset a lost second factor so that a new one can be set up with such a code."""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict
from governance.security.models import EnrolmentCode, RecoveryCode, TotpDevice
from governance.security.second_factor import enrolment_code_hash, second_factor_required, totp_device_confirmed
from governance.security.tokens import Revocation, api_tokens_revoke
from governance.tenancy.models import User

# Long enough to reach the staff member by another channel (in person, by phone), short enough not to linger.
ENROLMENT_CODE_LIFETIME = timedelta(hours=72)
# Crockford's base32 without the letters read as digits: 12 characters, 60 bits, typed by hand.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _new_enrolment_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


@transaction.atomic
def enrolment_code_issue(*, user: User) -> tuple[str, datetime]:
    """Issue the one-time code with which the user sets up an authenticator at their next log-in; an earlier
    unused code stops working. The code is returned once and stored hashed; returns it and its expiry."""
    if not user.is_active:
        raise Conflict(_("'%(user)s' is deactivated") % {"user": user}, field="user")
    if not second_factor_required(user):
        raise Conflict(_("'%(user)s' logs in without a second factor (no staff role)") % {"user": user}, field="user")
    if totp_device_confirmed(user) is not None:
        raise Conflict(_("'%(user)s' already has an authenticator; reset it first") % {"user": user}, field="user")
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = _new_enrolment_code()
    expires_at = timezone.now() + ENROLMENT_CODE_LIFETIME
    EnrolmentCode.objects.create(user=user, code_hash=enrolment_code_hash(code), expires_at=expires_at)
    audit_record("governance.enrolment_code.issued", obj=user, data={"expires_at": expires_at.isoformat()})
    return code, expires_at


@transaction.atomic
def second_factor_reset(*, user: User) -> None:
    """Remove a user's authenticator and recovery codes (a lost phone) and end their API tokens; they set up a
    new authenticator with an enrolment code."""
    devices = TotpDevice.objects.filter(user=user).delete()[0]
    recovery_codes = RecoveryCode.objects.filter(user=user).delete()[0]
    EnrolmentCode.objects.filter(user=user, used_at__isnull=True).delete()
    api_tokens_revoke(user=user, reason=Revocation.SECOND_FACTOR_RESET)
    audit_record("governance.second_factor.reset", obj=user,
                 data={"authenticators": devices, "recovery_codes": recovery_codes})
