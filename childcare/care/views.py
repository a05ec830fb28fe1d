"""Pages of temporary care: a family's registrations, calendar, bookings and offers; the staff's registrations
and a facility's daily roster.

Each handler parses, makes its service or selector calls and renders; names of children are read through the
access layer (one access event per page). Refusals are shown as the service's message, nothing changes.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from childcare.care import access, attendance, fees, lottery, registration, rules, selectors, services
from childcare.care.errors import CareInvalid, CareRefused
from childcare.care.models import FeeWaiver
from childcare.children.access import PURPOSE_PORTAL, children_read
from common.csv import csv_response
from common.errors import ApplicationError
from common.web import page_view
from governance.tenancy.models import Facility, Municipality, Role
from payments.catalog.access import staff_department_ids

WEEKDAYS = "月火水木金土日"


def _month(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        return datetime.date.fromisoformat(f"{value}-01") if value else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def _guardians_only(request) -> None:
    """The family pages are a guardian's; staff book on a family's behalf through the API and see the roster."""
    if not request.user.memberships.filter(role=Role.GUARDIAN).exists():
        raise CareRefused("care.guardian_only", _("These pages are for guardians; staff see the roster and the "
                                                  "registrations"))


def _staff_only(request) -> None:
    if not selectors.staff_facility_ids(actor=request.user):
        raise CareRefused("care.staff_only", _("Only staff of a temporary-care facility or its department see its "
                                               "roster and registrations"))


def _family(request) -> tuple[list, dict]:
    """The actor's children (name and date of birth read through the access policy) and their bands by uid."""
    children = list(selectors.guarded_children(actor=request.user))
    views = children_read(actor=request.user, children=children, fields=["child.name", "child.birth_date"],
                          purpose=PURPOSE_PORTAL) if children else []
    return children, {str(v.record_uid): v for v in views}


def _calendar(*, facility_id: int, month: datetime.date, band: str | None,
              booked: set[tuple[datetime.date, str]]) -> list[dict]:
    """The month's days from today on, each slot's place for the child's band; the child's own bookings marked."""
    first, last = rules.month_of(month)
    first = max(first, timezone.localdate())
    if last < first:
        return []
    days: dict[datetime.date, dict] = {}
    for row in selectors.availability(facility_id=facility_id, date_from=first, date_to=last):
        if band is None or row.band == band:
            day = days.setdefault(row.date, {"date": row.date, "weekday": WEEKDAYS[row.date.weekday()],
                                             "slots": []})
            day["slots"].append({"place": row, "booked": (row.date, row.slot) in booked})
    return list(days.values())


@page_view
@require_GET
def family(request):
    """A guardian's temporary care: choose child, facility and month; the calendar; bookings; offers."""
    _guardians_only(request)
    children, views = _family(request)
    municipality_ids = list({c.municipality_id for c in children})
    facilities = list(selectors.care_facilities(municipality_ids=municipality_ids))
    child_uid = request.GET.get("child") or (str(children[0].record_uid) if children else "")
    facility_id = int(request.GET["facility"]) if request.GET.get("facility", "").isdigit() else (
        facilities[0].facility_id if facilities else None)
    if facility_id is not None and facility_id not in {f.facility_id for f in facilities}:
        raise Http404(_("No such facility"))  # another ward's facility: the family's wards only
    month = _month(request.GET.get("month"))
    htmx = request.headers.get("HX-Request") == "true"
    # The calendar's refresh every 30 s re-reads no registration (nor a refusal's reason).
    registrations = [] if htmx else list(selectors.family_registrations(children=children))
    context = {"registrations": registrations,
               "refusal_reasons": access.family_refusal_reasons(registrations=registrations),
               "children": [views[str(c.record_uid)] for c in children if str(c.record_uid) in views],
               "facilities": facilities, "child_uid": child_uid, "facility_id": facility_id, "month": month,
               "bookings": _with_cancellation_terms(selectors.family_bookings(children=children,
                                                                              since=timezone.localdate())),
               "waitlist": list(selectors.family_waitlist(children=children)),
               "names": {c.pk: views[str(c.record_uid)].values.get("name", "") for c in children
                         if str(c.record_uid) in views}}
    child_pk = next((c.pk for c in children if str(c.record_uid) == child_uid), None)
    booked = {(b.date, b.place.slot.code) for b in context["bookings"]
              if b.status == "booked" and b.child_id == child_pk and b.place.care_facility.facility_id == facility_id}
    context.update(_calendar_context(views.get(child_uid), facility_id, month, booked))
    return render(request, "care/_calendar.html" if htmx else "care/family.html", context)


def _with_cancellation_terms(bookings) -> list:
    """Each booking with what cancelling it costs now, and until when it is free, so no fee comes as a surprise."""
    now = timezone.now()
    bookings = list(bookings)
    for b in bookings:
        care = b.place.care_facility
        b.free_until = rules.free_cancellation_until(care, b.date)
        b.fee_if_cancelled = rules.cancellation_fee(rules=care, slot=b.place.slot, date=b.date, fee_yen=b.fee_yen,
                                                    now=now)
    return bookings


def _calendar_context(view, facility_id: int | None, month: datetime.date,
                      booked: set[tuple[datetime.date, str]]) -> dict:
    if view is None or facility_id is None or "birth_date" not in view.values:
        return {"days": [], "band": None}
    band = rules.age_band(birth_date=view.values["birth_date"], on=month)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return {"days": _calendar(facility_id=facility_id, month=month, band=band, booked=booked), "band": band,
            "previous": f"{previous:%Y-%m}" if previous >= timezone.localdate().replace(day=1) else None,
            "following": f"{following:%Y-%m}"}


@page_view
@require_GET
def calendar(request, facility_id: int):
    """The calendar alone (htmx refresh)."""
    request.GET = request.GET.copy()
    request.GET["facility"] = str(facility_id)
    return family(request)


@page_view
@require_POST
def book(request):
    """Book from the calendar: on a full place, join its waiting list when asked to."""
    _guardians_only(request)
    back = f"/care/?child={request.POST.get('child', '')}&facility={request.POST.get('facility', '')}"
    try:
        date = datetime.date.fromisoformat(request.POST.get("date", ""))
        facility_id = int(request.POST.get("facility", ""))
    except ValueError:
        messages.error(request, CareInvalid("care.invalid_input", _("Choose a date and a facility")).message)
        return redirect(back)
    child = selectors.child_by_uid(record_uid=request.POST.get("child", ""))
    service = services.waitlist_join if request.POST.get("wait") == "1" else services.booking_create
    place = {"actor": request.user, "child": child, "facility_id": facility_id, "date": date,
             "slot_code": request.POST.get("slot", "")}
    try:
        try:
            service(**place)
        except CareRefused as exc:
            if exc.code != "care.lottery_window":
                raise
            # The facility draws lots for the first hours of the window: the same button applies for it.
            entry = lottery.lottery_apply(**place)
            messages.success(request, _("Applied for the lottery: the places are drawn after %(time)s.")
                             % {"time": f"{timezone.localtime(entry.lottery.closes_at):%Y-%m-%d %H:%M}"})
            return redirect(f"{back}&month={date:%Y-%m}")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Joined the waiting list.") if request.POST.get("wait") == "1"
                         else _("Booked."))
    return redirect(f"{back}&month={date:%Y-%m}")


@page_view
@require_POST
def cancel(request, booking_id: int):
    _guardians_only(request)
    try:
        booking = services.booking_cancel(actor=request.user, booking=selectors.booking_get(booking_id=booking_id))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cancelled. Cancellation fee: %(fee)s yen") % {"fee": booking.cancellation_fee_yen})
    return redirect("care-family")


@page_view
@require_POST
def accept(request, entry_id: int):
    _guardians_only(request)
    try:
        services.waitlist_accept(actor=request.user, entry=selectors.offer_get(entry_id=entry_id))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Booked."))
    return redirect("care-family")


@page_view
@require_GET
def roster(request):
    """A facility's roster for one day (?facility=<id>&date=YYYY-MM-DD): who comes, slot, band, notes as permitted."""
    _staff_only(request)
    staff = [m for m in request.user.memberships.all() if m.role in (Role.FACILITY_STAFF, Role.DEPARTMENT_STAFF)]
    facilities = list(Facility.objects.filter(care__isnull=False).filter(
        pk__in=[m.facility_id for m in staff if m.facility_id]) | Facility.objects.filter(
        care__isnull=False, department_id__in=[m.department_id for m in staff if m.department_id]))
    chosen = request.GET.get("facility", "")
    facility = next((f for f in facilities if str(f.pk) == chosen), facilities[0] if facilities else None)
    try:
        date = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        date = timezone.localdate()
    lines = access.roster_read(actor=request.user, facility=facility, date=date) if facility else []
    return render(request, "care/roster.html", {"facilities": facilities, "facility": facility, "date": date,
                                                "lines": lines, "can_issue_fees": bool(_fee_wards(request))})


ATTENDANCE = {"check-in": attendance.check_in, "check-out": attendance.check_out,
              "no-show": attendance.mark_no_show}


def _time_on(day: datetime.date, value: str) -> datetime.datetime | None:
    """A time typed on the roster (HH:MM) on the booked day; None (now) when left empty."""
    if not value:
        return None
    try:
        return datetime.datetime.combine(day, datetime.time.fromisoformat(value), tzinfo=rules.TOKYO)
    except ValueError as exc:
        raise CareInvalid("care.invalid_input", _("Enter the time as HH:MM"), field="at") from exc


@page_view
@require_POST
def roster_attendance(request, booking_id: int, action: str):
    """Check-in, check-out, no-show or a cancellation the family asked for by phone, from the roster: the row is
    redrawn in place (htmx), else the page reloads."""
    _staff_only(request)
    booking = selectors.booking_get(booking_id=booking_id)
    error = notice = None
    try:
        if action == "cancel":  # the facility's fee rule applies as if the family had cancelled online
            fee = services.booking_cancel(actor=request.user, booking=booking).cancellation_fee_yen
            notice = _("Cancelled. Cancellation fee: %(fee)s yen") % {"fee": fee}
        elif action in ATTENDANCE:
            at = _time_on(booking.date, request.POST.get("time", "").strip())
            ATTENDANCE[action](actor=request.user, booking_id=booking_id, **({"at": at} if action != "no-show" else {}))
        else:
            raise CareInvalid("care.invalid_input", _("Unknown attendance action"), field="action")
    except ApplicationError as exc:
        error = exc.message
    facility = booking.place.care_facility.facility
    if request.headers.get("HX-Request") != "true":
        if error:
            messages.error(request, error)
        elif notice:
            messages.success(request, notice)
        return redirect(f"{reverse('care-roster')}?facility={facility.pk}&date={booking.date:%Y-%m-%d}")
    lines = access.roster_read(actor=request.user, facility=facility, date=booking.date, booking_id=booking_id)
    return render(request, "care/_roster_row.html", {"line": lines[0] if lines else None, "error": error,
                                                     "notice": notice, "booking_id": booking_id})


NOTE_FIELDS = ("allergy_notes", "health_notes", "disability_notes", "notes")


@page_view
def registration_apply(request):
    """A guardian applies online for their child's registration (登録申請); a refusal keeps what was typed."""
    _guardians_only(request)
    children, views = _family(request)
    facilities = list(selectors.care_facilities(municipality_ids=list({c.municipality_id for c in children})))
    years = registration.registration_years(today=timezone.localdate())
    values = {"child": request.POST.get("child", ""), "facility": request.POST.get("facility", ""),
              "fiscal_year": request.POST.get("fiscal_year", str(years[0])),
              **{name: request.POST.get(name, "") for name in NOTE_FIELDS}}
    if request.method == "POST":
        try:
            if not values["facility"].isdigit() or not values["fiscal_year"].isdigit():
                raise CareInvalid("care.invalid_input", _("Choose the registering facility and the fiscal year"),
                                  field="facility")
            registration.registration_apply(
                actor=request.user, child=selectors.child_by_uid(record_uid=values["child"]),
                facility=selectors.care_facility_get(facility_id=int(values["facility"])).facility,
                fiscal_year=int(values["fiscal_year"]), **{name: values[name] for name in NOTE_FIELDS})
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your application was sent. The facility will contact you for the "
                                        "interview."))
            return redirect("care-family")
    return render(request, "care/registration_apply.html", {
        "children": [views[str(c.record_uid)] for c in children if str(c.record_uid) in views],
        "facilities": facilities, "years": years, "values": values})


@page_view
@require_GET
def registrations(request):
    """Staff: the registrations held at their facilities, pending first, to interview and decide."""
    _staff_only(request)
    lines = access.registrations_read(actor=request.user,
                                      registrations=list(selectors.staff_registrations(actor=request.user)))
    waivers = [("none" if value == "" else value, label) for value, label in FeeWaiver.choices]
    return render(request, "care/registrations.html", {"lines": lines, "today": timezone.localdate(),
                                                       "waivers": waivers})


@page_view
@require_POST
def registration_waiver(request, registration_id: int):
    """Staff record the household's fee waiver (住民税非課税世帯, 生活保護): written, never shown back."""
    waiver = request.POST.get("waiver", "")
    try:
        fees.registration_waiver_set(actor=request.user,
                                     registration=selectors.registration_get(registration_id=registration_id),
                                     waiver="" if waiver == "none" else waiver)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The fee waiver was recorded."))
    return redirect("care-registrations")


@page_view
@require_POST
def registration_renewal(request, registration_id: int):
    try:
        renewed = registration.registration_renew(
            actor=request.user, registration=selectors.registration_get(registration_id=registration_id))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Renewed: valid until %(date)s.") % {"date": renewed.valid_until.isoformat()}
                         if renewed.pk == registration_id else
                         _("Applied for fiscal year %(year)s with the same notes; decide it below.")
                         % {"year": renewed.fiscal_year})
    return redirect("care-registrations")


@page_view
@require_POST
def registration_interview(request, registration_id: int):
    try:
        interviewed_on = datetime.date.fromisoformat(request.POST.get("interviewed_on", ""))
    except ValueError:
        messages.error(request, CareInvalid("care.invalid_input", _("Enter the interview date")).message)
        return redirect("care-registrations")
    try:
        registration.registration_interview(
            actor=request.user, registration=selectors.registration_get(registration_id=registration_id),
            interviewed_on=interviewed_on)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The interview was recorded."))
    return redirect("care-registrations")


@page_view
@require_POST
def registration_decision(request, registration_id: int):
    if request.POST.get("decision") not in ("approve", "refuse"):
        messages.error(request, CareInvalid("care.invalid_input", _("Choose approve or refuse")).message)
        return redirect("care-registrations")
    approve = request.POST["decision"] == "approve"
    try:
        registration.registration_decide(
            actor=request.user, registration=selectors.registration_get(registration_id=registration_id),
            approve=approve, reason=request.POST.get("reason", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The registration was approved.") if approve
                         else _("The registration was refused."))
    return redirect("care-registrations")


def _fee_wards(request) -> list:
    """The wards whose temporary-care fees the actor issues: department staff owning the fee type 一時保育料."""
    return list(Municipality.objects.filter(
        fee_types__name=fees.FEE_TYPE_NAME,
        fee_types__department_id__in=staff_department_ids(request.user)).distinct().order_by("pk"))


def _previous_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@page_view
def fee_month(request):
    """Department staff: a month's temporary-care fees per household, and issuing them as payment slips."""
    wards = _fee_wards(request)
    if not wards:
        raise CareRefused("care.fees_staff_only", _("Only staff of the department owning the fee %(name)s issue "
                                                    "the temporary-care fees") % {"name": fees.FEE_TYPE_NAME})
    ward = next((w for w in wards if str(w.pk) == request.POST.get("ward", request.GET.get("ward"))), wards[0])
    month = _month(request.POST.get("month") or request.GET.get("month") or f"{_previous_month():%Y-%m}")
    if request.method == "POST":
        try:
            result = fees.fees_issue(actor=request.user, municipality=ward, month=month)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Issued %(issued)s statements; %(already)s households were billed before.")
                             % {"issued": len(result.issued), "already": result.already})
        return redirect(f"{reverse('care-fees')}?ward={ward.pk}&month={month:%Y-%m}")
    return render(request, "care/fees.html", {
        "wards": wards, "ward": ward, "month": month,
        "statements": list(fees.statements(municipality=ward, month=month)),
        "unbilled": fees.unbilled_count(municipality=ward, month=month)})


@page_view
@require_GET
def usage_report(request):
    """延べ利用児童数 of a facility and month by age band, for the national grant; ?format=csv downloads it."""
    _staff_only(request)
    facilities = list(selectors.care_facilities_for_staff(actor=request.user))
    care = next((c for c in facilities if str(c.facility_id) == request.GET.get("facility")), facilities[0])
    month = _month(request.GET.get("month") or f"{_previous_month():%Y-%m}")
    rows = fees.usage_report(actor=request.user, care=care, month=month)
    if request.GET.get("format") == "csv":
        return csv_response(f"care-usage-{care.facility_id}-{month:%Y-%m}.csv",
                            [_("Facility"), _("Month"), _("Age band"), _("Child-days attended"), _("Children")],
                            [(r.facility, f"{month:%Y-%m}", r.band, r.days, r.children) for r in rows])
    return render(request, "care/usage_report.html", {
        "facilities": facilities, "care": care, "month": month, "rows": rows,
        "total_days": sum(r.days for r in rows)})
