"""The shared kiosk tablet of a facility: locked until a staff member unlocks it with their PIN.

The tablet's browser is signed in by staff of the facility (it scans guardians' codes while locked and
shows no personal value). Unlocking binds the staff member to the tablet's session; every read while
unlocked is made as, and recorded for, that staff member, not the tablet's login. The lock returns after
the facility's idle time with no action (polling does not count as one), and at once on "lock".
"""

import time

from django.utils.translation import gettext as _

from audit.context import bound
from audit.services import audit_record
from childcare.operations.attendance import pin_check
from childcare.operations.errors import OperationsRefused
from childcare.operations.models import OperationsFacility
from governance.tenancy.models import Facility, User

SESSION_KEY = "operations_kiosk"
DEFAULT_IDLE_SECONDS = 120


def idle_seconds(facility: Facility) -> int:
    settings = OperationsFacility.objects.filter(facility=facility).first()
    return settings.kiosk_idle_seconds if settings else DEFAULT_IDLE_SECONDS


def kiosk_staff(request, facility: Facility, *, activity: bool = True) -> User | None:
    """The staff member who unlocked this kiosk, or None when it is locked (idle too long: locked now)."""
    state = request.session.get(SESSION_KEY)
    if not state or state.get("facility") != facility.pk:
        return None
    now = time.time()
    if now - state["seen"] > idle_seconds(facility):
        kiosk_lock(request, facility, reason="idle")
        return None
    staff = User.objects.filter(pk=state["staff"], is_active=True).first()
    if staff is not None and activity:
        request.session[SESSION_KEY] = {**state, "seen": now}
    return staff


def kiosk_unlock(request, facility: Facility, *, staff_id: str, pin: str) -> User:
    staff = User.objects.filter(pk=int(staff_id)).first() if str(staff_id).isdigit() else None
    if staff is None:
        raise OperationsRefused("operations.pin_unknown", _("This staff member has no PIN for this facility"))
    pin_check(staff=staff, facility=facility, pin=pin)
    request.session.cycle_key()  # a new session id for the unlocked state
    request.session[SESSION_KEY] = {"facility": facility.pk, "staff": staff.pk, "seen": time.time()}
    return staff


def kiosk_lock(request, facility: Facility, *, reason: str) -> None:
    state = request.session.pop(SESSION_KEY, None)
    if state:
        with bound(request=None, actor_id=state["staff"]):
            audit_record("childcare.kiosk.locked", tenant_id=facility.municipality_id,
                         data={"facility_id": facility.pk, "reason": reason})
