"""Pages of check-in and check-out: the class board, the facility's kiosk, the guardian's code, staff PINs.

The board and the kiosk poll with htmx and a version: an unchanged board answers 204 (nothing read, nothing
recorded); a changed one is re-read through the access policy and recorded like any read.
"""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.context import bound
from childcare.children.models import Child
from childcare.operations import attendance, board, kiosk, selectors
from childcare.operations.errors import OperationsNotFound, OperationsRefused
from childcare.operations.models import ChildClass, StaffPin
from childcare.operations.permissions import fiscal_year, is_staff_for, staff_facilities
from common.errors import ApplicationError
from common.web import is_htmx, page_view
from governance.tenancy.models import Facility, Membership, Role, User

PURPOSE_BOARD = "childcare.operations.board"
PURPOSE_KIOSK = "childcare.operations.kiosk"
POLL_SECONDS = 3


def _board_response(request, *, template: str, children: list[Child], actor: User, purpose: str, context: dict,
                    day: datetime.date | None = None):
    day = day or timezone.localdate()
    version = board.board_version(children=children, day=day)
    if is_htmx(request) and request.GET.get("since") == version:
        return HttpResponse(status=204)
    lines = board.board_read(actor=actor, children=children, day=day, purpose=purpose)
    return render(request, template, {**context, "lines": lines, "version": version, "day": day,
                                      "today": day == timezone.localdate(), "poll_seconds": POLL_SECONDS,
                                      "counts": {s: sum(1 for line in lines if line.status == s)
                                                 for s in ("expected", "present", "left", "absent", "late")}})


@page_view
@require_GET
def class_board(request, class_id: int):
    """A class's board for its staff, today or ?date=YYYY-MM-DD (notices sent ahead show on their day);
    ?since=<version> (htmx polling) answers 204 while nothing changed."""
    child_class = selectors.class_get(actor=request.user, class_id=class_id)
    day = _date(request.GET.get("date"))
    children = list(selectors.class_children(actor=request.user, child_class=child_class, day=day))
    template = "operations/_board.html" if is_htmx(request) else "operations/board.html"
    return _board_response(request, template=template, children=children, actor=request.user,
                           purpose=PURPOSE_BOARD, day=day, context={"child_class": child_class,
                                                                    "poll_url": request.path})


def _date(value: str | None) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:  # a mistyped date shows today, like an empty one
        return timezone.localdate()


def _kiosk_facility(request, facility_id: int) -> Facility:
    facility = Facility.objects.filter(pk=facility_id).first()
    if facility is None or not is_staff_for(request.user, facility):
        raise OperationsNotFound("operations.kiosk_not_found", _("No such kiosk"), field="facility_id")
    return facility


def _kiosk_context(request, facility: Facility) -> dict:
    pins = StaffPin.objects.filter(user__memberships__facility=facility,
                                   user__memberships__role=Role.FACILITY_STAFF).values("user_id")
    return {"facility": facility, "idle_seconds": kiosk.idle_seconds(facility),
            "unlockers": User.objects.filter(pk__in=pins, is_active=True).order_by("username")}


@page_view
@require_GET
def kiosk_page(request, facility_id: int):
    """The facility's kiosk: scans guardians' codes while locked; staff unlock it for the touch list."""
    facility = _kiosk_facility(request, facility_id)
    staff = kiosk.kiosk_staff(request, facility)
    return render(request, "operations/kiosk.html", {**_kiosk_context(request, facility), "staff": staff})


@page_view
@require_POST
def kiosk_scan(request, facility_id: int):
    """A code typed by a scanner (or read by the camera): checks in or out, answers with no name."""
    facility = _kiosk_facility(request, facility_id)
    try:
        result = attendance.kiosk_scan(operator=request.user, facility=facility, token=request.POST.get("token", ""))
    except ApplicationError as exc:
        return render(request, "operations/_scan_result.html", {"error": exc}, status=exc.status_code)
    return render(request, "operations/_scan_result.html", {"result": result})


@page_view
@require_POST
@sensitive_post_parameters("pin")
def kiosk_unlock(request, facility_id: int):
    facility = _kiosk_facility(request, facility_id)
    try:
        kiosk.kiosk_unlock(request, facility, staff_id=request.POST.get("staff", ""), pin=request.POST.get("pin", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operations-kiosk", facility_id=facility.pk)


@page_view
@require_POST
def kiosk_lock(request, facility_id: int):
    facility = _kiosk_facility(request, facility_id)
    kiosk.kiosk_lock(request, facility, reason="idle" if request.POST.get("reason") == "idle" else "staff")
    return redirect("operations-kiosk", facility_id=facility.pk)


def _facility_children(staff: User, facility: Facility) -> list[Child]:
    classes = ChildClass.objects.filter(facility=facility, fiscal_year=fiscal_year(timezone.localdate()))
    return [child for c in classes for child in selectors.class_children(actor=staff, child_class=c)]


@page_view
@require_GET
def kiosk_board(request, facility_id: int):
    """The unlocked kiosk's touch list (polled); a locked kiosk answers with the lock screen's fragment."""
    facility = _kiosk_facility(request, facility_id)
    staff = kiosk.kiosk_staff(request, facility, activity=False)
    if staff is None:
        response = render(request, "operations/_kiosk_locked.html", {"facility": facility})
        response["HX-Refresh"] = "true"  # the whole page goes back to its locked state
        return response
    # Read and recorded as the staff member who unlocked the kiosk, not as the tablet's login.
    with bound(request=None, actor_id=staff.pk):
        return _board_response(request, template="operations/_kiosk_board.html",
                               children=_facility_children(staff, facility), actor=staff, purpose=PURPOSE_KIOSK,
                               context={"facility": facility, "staff": staff, "poll_url": request.path})


@page_view
@require_POST
def kiosk_touch(request, facility_id: int):
    """Staff check a child in or out on the unlocked kiosk's touch list."""
    facility = _kiosk_facility(request, facility_id)
    staff = kiosk.kiosk_staff(request, facility)
    if staff is None:
        raise OperationsRefused("operations.kiosk_locked", _("The kiosk is locked: unlock it with your PIN"))
    child = next((c for c in _facility_children(staff, facility) if str(c.record_uid) == request.POST.get("child")),
                 None)
    if child is None:
        raise OperationsNotFound("operations.child_not_found", _("No such child"), field="child")
    try:
        attendance.attendance_touch(staff=staff, child=child, facility=facility)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("operations-kiosk", facility_id=facility.pk)


@page_view
@require_http_methods(["GET", "POST"])
@sensitive_post_parameters("pin")
def pin(request):
    """Set one's own kiosk PIN."""
    if request.method == "POST":
        try:
            attendance.pin_set(actor=request.user, pin=request.POST.get("pin", ""))
        except ApplicationError as exc:
            return render(request, "operations/pin.html", {"error": exc}, status=exc.status_code)
        messages.success(request, _("Your kiosk PIN is set."))
        return redirect("operations-pin")
    if not Membership.objects.filter(user=request.user, role=Role.FACILITY_STAFF).exists():
        raise OperationsRefused("operations.facility_staff_only", _("Kiosk PINs are for facility staff"))
    return render(request, "operations/pin.html", {"has_pin": StaffPin.objects.filter(user=request.user).exists(),
                                                   "kiosks": staff_facilities(request.user)})
