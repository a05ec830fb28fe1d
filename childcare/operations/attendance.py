"""Check-in and check-out (登降園打刻): guardians' one-time QR passes, the kiosk's scan, staff's touch list, PINs.

A pass is ``<nonce>:<timestamp>:<signature>`` (Django's TimestampSigner): the signature refuses a forged or
altered code without a database round trip, the timestamp an old one, and the pass row a second use (one
conditional UPDATE, so two kiosks scanning the same code at once cannot both succeed).

The guardian's page prints the same pass as 8 digits for a kiosk without a scanner. Typed digits carry no
signature, so the row decides alone: the digits are drawn at random among the tenant's live passes (a clash is
drawn again), stored as a keyed hash, good for the same 90 seconds and once. Guessing one is a 1 in 10^8 chance
per try for each live pass of the ward, typed on a tablet staff have unlocked.
"""

import datetime
import re
import secrets
import unicodedata
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from audit.context import bound
from audit.services import audit_record
from childcare.children.models import Child, ChildGuardian, Guardian
from childcare.children.selectors import guardian_of_login
from childcare.operations.errors import OperationsConflict, OperationsInvalid, OperationsRefused
from childcare.operations.models import Attendance, AttendanceVia, CheckInPass, StaffPin
from childcare.operations.permissions import is_staff_for
from governance.tenancy.models import Facility, Membership, Role, User

PASS_SECONDS = 90  # the guardian's page renews its code every 60 s
_SALT = "childcare.operations.checkin"
PIN_FAILURES = 5
PIN_LOCK = datetime.timedelta(minutes=15)


CODE_DIGITS = 8
_TYPED = re.compile(r"^\d{4}[-\s]?\d{4}$")


@dataclass(frozen=True)
class IssuedPass:
    token: str
    expires_at: datetime.datetime
    code: str  # the same pass as 8 digits, for typing

    @property
    def code_display(self) -> str:
        return f"{self.code[:4]} {self.code[4:]}"


def _code_digest(code: str) -> str:
    return salted_hmac(_SALT, code, algorithm="sha256").hexdigest()


def _fresh_code(municipality_id: int, now: datetime.datetime) -> str:
    for _attempt in range(5):
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        if not CheckInPass.objects.filter(municipality_id=municipality_id, code_digest=_code_digest(code),
                                          used_at__isnull=True, expires_at__gt=now).exists():
            return code
    raise OperationsConflict("operations.code_space_full", _("No check-in code is free just now: try again"))


def checkin_pass_issue(*, actor: User) -> IssuedPass:
    """A new one-time check-in code for the guardian's own children (for their page's QR code and its digits)."""
    guardian = guardian_of_login(actor=actor)
    if guardian is None:
        raise OperationsRefused("operations.guardian_only", _("Check-in codes are for guardians"))
    nonce = secrets.token_urlsafe(24)
    now = timezone.now()
    expires_at = now + datetime.timedelta(seconds=PASS_SECONDS)
    code = _fresh_code(guardian.municipality_id, now)
    CheckInPass.objects.create(municipality_id=guardian.municipality_id, guardian=guardian, nonce=nonce,
                               code_digest=_code_digest(code), expires_at=expires_at)
    return IssuedPass(signing.TimestampSigner(salt=_SALT).sign(nonce), expires_at, code)


def typed_code(token: str) -> str | None:
    """The 8 digits of a typed code ("1234 5678", full-width digits too), or None for a scanned pass."""
    text = unicodedata.normalize("NFKC", token or "").strip()
    return text.replace("-", "").replace(" ", "") if _TYPED.match(text) else None


@dataclass(frozen=True)
class ScanResult:
    action: str  # "arrived" | "left"
    count: int  # how many children; the kiosk shows no name


def _children_at(guardian: Guardian, facility: Facility, day: datetime.date) -> list[Child]:
    return list(Child.objects.filter(
        pk__in=ChildGuardian.objects.filter(guardian=guardian).values("child_id"), facility=facility,
        data_key__shredded_at__isnull=True, enrolled_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)).order_by("pk"))


def _toggle(child: Child, facility: Facility, via: str, now: datetime.datetime) -> str:
    """Arrive if not here yet today, else leave; a child who already left today is refused."""
    day = timezone.localdate(now)
    record = Attendance.objects.select_for_update().filter(child=child, date=day).first()
    if record is None:
        Attendance.objects.create(municipality_id=child.municipality_id, child=child, facility=facility, date=day,
                                  arrived_at=now, arrived_via=via)
        return "arrived"
    if record.left_at is None:
        record.left_at, record.left_via = now, via
        record.save(update_fields=["left_at", "left_via", "updated_at"])
        return "left"
    raise OperationsConflict("operations.already_left", _("The child has already gone home today"))


@transaction.atomic
def kiosk_scan(*, operator: User, facility: Facility, token: str) -> ScanResult:
    """Check a guardian's children in (or out) at the kiosk by the code their page shows; the code is spent."""
    if not is_staff_for(operator, facility):
        raise OperationsRefused("operations.kiosk_staff_only",
                                _("The kiosk runs on a tablet signed in by staff of the facility"))
    now = timezone.now()
    digits = typed_code(token)
    if digits is not None:
        checkin = _typed_pass(digits, facility, now)
    else:
        try:
            nonce = signing.TimestampSigner(salt=_SALT).unsign((token or "").strip(), max_age=PASS_SECONDS)
        except signing.SignatureExpired:
            raise OperationsInvalid("operations.pass_expired", _("This code has expired: show the code your page "
                                                                 "shows now"), field="token") from None
        except signing.BadSignature:
            raise OperationsInvalid("operations.pass_invalid", _("This is not a check-in code of this service"),
                                    field="token") from None
        used = CheckInPass.objects.filter(nonce=nonce, used_at__isnull=True, expires_at__gt=now,
                                          municipality_id=facility.municipality_id).update(
            used_at=now, used_at_facility=facility)
        if not used:
            raise OperationsConflict("operations.pass_used",
                                     _("This code has already been used: show the code your page shows now"),
                                     field="token")
        checkin = CheckInPass.objects.select_related("guardian").get(nonce=nonce)
    children = _children_at(checkin.guardian, facility, timezone.localdate(now))
    if not children:
        raise OperationsInvalid("operations.no_child_here", _("None of your children attends this facility"),
                                field="token")
    actions = [_toggle(child, facility, AttendanceVia.QR, now) for child in children]
    # The guardian checked in, not the tablet's login: the event names them as the actor.
    with bound(request=None, actor_id=checkin.guardian.user_id):
        for action in dict.fromkeys(actions):
            audit_record(f"childcare.attendance.{action}", tenant_id=facility.municipality_id,
                         subjects=[c for c, a in zip(children, actions, strict=True) if a == action],
                         data={"facility_id": facility.pk, "via": AttendanceVia.QR})
    return ScanResult(action=actions[0] if len(set(actions)) == 1 else "mixed", count=len(children))


def _typed_pass(digits: str, facility: Facility, now: datetime.datetime) -> CheckInPass:
    """The live pass these digits stand for, spent by one conditional UPDATE like a scanned one."""
    live = CheckInPass.objects.filter(municipality_id=facility.municipality_id, code_digest=_code_digest(digits),
                                      used_at__isnull=True, expires_at__gt=now)
    pk = live.order_by("pk").values_list("pk", flat=True).first()
    if pk is None or not CheckInPass.objects.filter(pk=pk, used_at__isnull=True).update(
            used_at=now, used_at_facility=facility):
        # Expired, used or never issued look alike: the digits themselves say nothing more.
        raise OperationsInvalid("operations.code_unknown",
                                _("These digits are not a live check-in code: type the code your page shows now"),
                                field="token")
    return CheckInPass.objects.select_related("guardian").get(pk=pk)


# A pass is kept a day past its expiry (a disputed check-in of the morning can be traced to the pass, the kiosk
# and the time), then deleted: it says only which guardian asked for a code when.
PASS_KEPT = datetime.timedelta(days=1)


def expired_passes_delete(*, now: datetime.datetime | None = None) -> int:
    """Delete the check-in passes expired more than ``PASS_KEPT`` ago (used or not); returns how many."""
    deleted, _by_model = CheckInPass.objects.filter(expires_at__lt=(now or timezone.now()) - PASS_KEPT).delete()
    return deleted


@transaction.atomic
def attendance_touch(*, staff: User, child: Child, facility: Facility) -> str:
    """Staff check a child in or out at the kiosk's touch list (for a family without a phone)."""
    if child.facility_id != facility.pk or not is_staff_for(staff, facility):
        raise OperationsRefused("operations.kiosk_staff_only", _("Only staff of the child's facility record this"))
    action = _toggle(child, facility, AttendanceVia.STAFF, timezone.now())
    with bound(request=None, actor_id=staff.pk):
        audit_record(f"childcare.attendance.{action}", tenant_id=facility.municipality_id, subjects=[child],
                     data={"facility_id": facility.pk, "via": AttendanceVia.STAFF})
    return action


@transaction.atomic
def pin_set(*, actor: User, pin: str) -> None:
    """Set one's own kiosk PIN (6 to 8 digits)."""
    if not Membership.objects.filter(user=actor, role=Role.FACILITY_STAFF).exists():
        raise OperationsRefused("operations.facility_staff_only", _("Kiosk PINs are for facility staff"))
    if not (pin.isdigit() and pin.isascii() and 6 <= len(pin) <= 8) or len(set(pin)) == 1:
        raise OperationsInvalid("operations.pin_format",
                                _("A PIN is 6 to 8 digits, not all the same digit"), field="pin")
    StaffPin.objects.update_or_create(user=actor, defaults={"pin_hash": make_password(pin), "failures": 0,
                                                            "locked_until": None})
    audit_record("childcare.kiosk_pin.set", obj=actor)


def pin_check(*, staff: User, facility: Facility, pin: str) -> None:
    """Unlock a kiosk as a staff member of its facility; five wrong PINs lock the PIN for 15 minutes.

    Committed whatever the outcome, so a failure counts even though it is refused.
    """
    with transaction.atomic():
        record = StaffPin.objects.select_for_update().filter(user=staff).first()
        now = timezone.now()
        works_here = Membership.objects.filter(user=staff, role=Role.FACILITY_STAFF, facility=facility).exists()
        if record is None or not works_here:
            refusal = OperationsRefused("operations.pin_unknown", _("This staff member has no PIN for this facility"))
        elif record.locked_until and record.locked_until > now:
            refusal = OperationsRefused("operations.pin_locked",
                                        _("Too many wrong PINs: this PIN is locked for a while"))
        elif not check_password(pin or "", record.pin_hash):
            record.failures += 1
            if record.failures >= PIN_FAILURES:
                record.failures, record.locked_until = 0, now + PIN_LOCK
            record.save(update_fields=["failures", "locked_until", "updated_at"])
            refusal = OperationsRefused("operations.pin_wrong", _("Wrong PIN"))
        else:
            record.failures, record.locked_until = 0, None
            record.save(update_fields=["failures", "locked_until", "updated_at"])
            refusal = None
        with bound(request=None, actor_id=staff.pk):
            audit_record("childcare.kiosk.unlocked" if refusal is None else "childcare.kiosk.unlock_refused",
                         tenant_id=facility.municipality_id,
                         data={"facility_id": facility.pk, **({"code": refusal.code} if refusal else {})})
    if refusal is not None:
        raise refusal
