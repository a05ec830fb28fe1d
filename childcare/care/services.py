"""Booking, cancellation and the waiting list of temporary care, without ever selling a place twice.

Locks, always in this order and each once per transaction (docs/decisions/0018-care-booking.md):
1. the child (per-child caps and the one-booking-a-day rule), ``SELECT … FOR UPDATE`` on the child's row;
2. the place (facility × date × slot × band), created on demand with ``INSERT … ON CONFLICT DO NOTHING`` and
   taken with one conditional ``UPDATE … WHERE taken < capacity``, which waits for the row lock and re-checks
   the count under it.
Every rule that needs no lock is checked before the first lock, so refusals wait for no one.
"""

import datetime
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from childcare.care import rules
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import (
    BookingStatus,
    CareBooking,
    CareFacility,
    CarePlace,
    CareRegistration,
    CareSlot,
    CareSlotBand,
    CareWaitlistEntry,
    RegistrationStatus,
    WaitStatus,
)
from childcare.care.permissions import may_act_for
from childcare.children.models import Child
from governance.notifications.services import notification_send
from governance.tenancy.models import User

LOCK_TIMEOUT = "5s"  # a lock not granted by then is a clear "try again", never a hung request


@dataclass(frozen=True)
class Request:
    """A checked request for one child, facility, date and slot (everything that needs no lock)."""

    child: Child
    registration: CareRegistration
    rules: CareFacility
    slot: CareSlot
    date: datetime.date
    band: str
    fee_yen: int
    capacity: int


def care_rules_get(*, facility_id: int) -> CareFacility:
    rules_ = CareFacility.objects.select_related("facility").filter(facility_id=facility_id).first()
    if rules_ is None:
        raise CareNotFound("care.facility_not_found", _("Facility %(id)s offers no temporary care")
                           % {"id": facility_id}, field="facility")
    return rules_


def check_request(*, actor: User, child: Child, facility_id: int, date: datetime.date, slot_code: str,
                  now: datetime.datetime, check_window: bool = True) -> Request:
    care = care_rules_get(facility_id=facility_id)
    if child.municipality_id != care.facility.municipality_id or not may_act_for(actor, child, care.facility):
        raise CareNotFound("care.child_not_found", _("No such child among yours"), field="child")
    slot = CareSlot.objects.filter(care_facility=care, code=slot_code).first()
    if slot is None:
        codes = ", ".join(CareSlot.objects.filter(care_facility=care).values_list("code", flat=True))
        raise CareInvalid("care.slot_unknown", _("Unknown slot '%(slot)s' at %(facility)s; its slots are: %(codes)s")
                          % {"slot": slot_code, "facility": care.facility.name, "codes": codes}, field="slot")
    if rules.is_closed(care, date, set(care.closed_days.filter(date=date).values_list("date", flat=True))):
        raise CareInvalid("care.closed_day", _("%(facility)s takes no temporary care on %(date)s")
                          % {"facility": care.facility.name, "date": date.isoformat()}, field="date")
    if check_window:
        opens, deadline = rules.window_opens_at(care, date), rules.booking_deadline(care, date)
        if now < opens:
            raise CareRefused("care.window_not_open", _("Bookings for %(date)s open at %(opens)s")
                              % {"date": date.isoformat(), "opens": f"{opens:%Y-%m-%d %H:%M}"}, field="date")
        if now > deadline:
            raise CareRefused("care.deadline_passed", _("The booking deadline for %(date)s was %(deadline)s")
                              % {"date": date.isoformat(), "deadline": f"{deadline:%Y-%m-%d %H:%M}"}, field="date")
    registration = CareRegistration.objects.filter(child=child, fiscal_year=rules.fiscal_year(date)).first()
    if registration is None or registration.status == RegistrationStatus.APPLIED:
        raise CareRefused("care.registration_missing", _("The child has no approved registration for fiscal year "
                                                         "%(year)s") % {"year": rules.fiscal_year(date)},
                          field="child")
    if registration.status == RegistrationStatus.REFUSED:
        raise CareRefused("care.registration_refused", _("The child's registration for fiscal year %(year)s was "
                                                         "refused") % {"year": registration.fiscal_year},
                          field="child")
    if date > registration.valid_until:
        raise CareRefused("care.registration_expired", _("The child's registration expires on %(until)s")
                          % {"until": registration.valid_until.isoformat()}, field="date")
    birth_date = child.birth_date  # read to apply the facility's rules, never shown: not an access event
    if (date - birth_date).days < care.minimum_age_days:
        raise CareRefused("care.under_minimum_age", _("%(facility)s takes children from %(days)s days old; on "
                                                      "%(date)s the child is %(age)s days old")
                          % {"facility": care.facility.name, "days": care.minimum_age_days, "date": date.isoformat(),
                             "age": (date - birth_date).days}, field="date")
    band = rules.age_band(birth_date=birth_date, on=date)
    slot_band = CareSlotBand.objects.filter(slot=slot, band=band).first()
    if slot_band is None or slot_band.capacity == 0:
        raise CareInvalid("care.band_not_offered", _("%(slot)s at %(facility)s takes no children of this age band")
                          % {"slot": slot.label, "facility": care.facility.name}, field="slot")
    return Request(child=child, registration=registration, rules=care, slot=slot, date=date, band=band,
                   fee_yen=slot_band.fee_yen, capacity=slot_band.capacity)


def _lock(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        else:  # the embedded SQLite (make run) lets one writer in at a time: its write lock stands for the row locks
            sql = sql.replace(" FOR UPDATE", "")
        try:
            cursor.execute(sql, params)
        except OperationalError as exc:  # lock_timeout: nothing was written
            raise CareConflict("care.busy", _("Many bookings are being made at this moment; try again")) from exc
        return cursor.fetchall() if cursor.description else []


def _lock_child(req: Request) -> None:
    """The per-child lock: caps and the one-booking-a-day rule are checked while it is held, on every path."""
    _lock(f'SELECT id FROM "{Child._meta.db_table}" WHERE id = %s FOR UPDATE', [req.child.pk])
    booked = CareBooking.objects.filter(child=req.child, status=BookingStatus.BOOKED)
    if booked.filter(date=req.date).exists():
        raise CareConflict("care.duplicate", _("The child already has a booking on %(date)s")
                           % {"date": req.date.isoformat()}, field="date")
    for cap, (first, last), code, message in (
        (req.rules.max_days_per_week, rules.week_of(req.date), "care.cap_week",
         _("The child already has %(count)s booked days in the week of %(date)s; %(facility)s allows %(cap)s")),
        (req.rules.max_days_per_month, rules.month_of(req.date), "care.cap_month",
         _("The child already has %(count)s booked days in the month of %(date)s; %(facility)s allows %(cap)s")),
    ):
        if cap is not None:
            counted = booked if req.rules.no_show_counts_for_caps else booked.filter(no_show=False)
            count = counted.filter(date__range=(first, last)).count()
            if count >= cap:
                raise CareRefused(code, message % {"count": count, "date": req.date.isoformat(),
                                                   "facility": req.rules.facility.name, "cap": cap}, field="date")


def _place_ensure(req: Request) -> None:
    table = CarePlace._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{table}" (care_facility_id, slot_id, date, band, capacity, taken) '
                       "VALUES (%s, %s, %s, %s, %s, 0) ON CONFLICT (slot_id, date, band) DO NOTHING",
                       [req.rules.pk, req.slot.pk, req.date, req.band, req.capacity])


def place_get(req: Request) -> CarePlace:
    """The place's counter row, created when first asked for."""
    _place_ensure(req)
    return CarePlace.objects.get(slot=req.slot, date=req.date, band=req.band)


def _place_take(req: Request) -> int | None:
    """Take one place if one is left: one statement that waits for the row lock and re-checks under it."""
    _place_ensure(req)
    rows = _lock(f'UPDATE "{CarePlace._meta.db_table}" SET taken = taken + 1 '
                 "WHERE slot_id = %s AND date = %s AND band = %s AND taken < capacity RETURNING id",
                 [req.slot.pk, req.date, req.band])
    return rows[0][0] if rows else None


def _place_lock(place_id: int) -> CarePlace:
    _lock(f'SELECT id FROM "{CarePlace._meta.db_table}" WHERE id = %s FOR UPDATE', [place_id])
    return CarePlace.objects.get(pk=place_id)


def _book(*, actor: User, req: Request, place_id: int) -> CareBooking:
    booking = CareBooking.objects.create(
        municipality_id=req.child.municipality_id, registration=req.registration, child=req.child,
        place_id=place_id, date=req.date, fee_yen=req.fee_yen, booked_by=actor)
    audit_record("childcare.care_booking.created", obj=booking, tenant_id=booking.municipality_id, actor_id=actor.pk,
                 subjects=[req.child], data={"facility_id": req.rules.facility_id, "date": req.date.isoformat(),
                                             "slot": req.slot.code, "band": req.band})
    return booking


@transaction.atomic
def booking_create(*, actor: User, child: Child, facility_id: int, date: datetime.date, slot_code: str,
                   now: datetime.datetime | None = None, check_window: bool = True) -> CareBooking:
    """Book a place for a child (a guardian for their child, or staff on a guardian's behalf).

    ``check_window=False`` only for the lottery's draw, which books its winners after their window.
    """
    now = now or timezone.now()
    req = check_request(actor=actor, child=child, facility_id=facility_id, date=date, slot_code=slot_code,
                        now=now, check_window=check_window)
    if check_window and rules.in_lottery_window(req.rules, date, now):
        raise CareRefused("care.lottery_window", _("%(facility)s draws lots for %(date)s: apply for the lottery "
                                                   "until %(time)s")
                          % {"facility": req.rules.facility.name, "date": date.isoformat(),
                             "time": f"{rules.lottery_window(req.rules, date)[1]:%Y-%m-%d %H:%M}"}, field="date")
    _lock_child(req)
    place_id = _place_take(req)
    if place_id is None:
        raise CareConflict("care.full", _("%(slot)s at %(facility)s on %(date)s is full for this age band; you may "
                                          "join the waiting list")
                           % {"slot": req.slot.label, "facility": req.rules.facility.name,
                              "date": date.isoformat()}, field="slot")
    return _book(actor=actor, req=req, place_id=place_id)


def _offer_next(*, place: CarePlace, rules_: CareFacility, slot: CareSlot, now: datetime.datetime) -> bool:
    """Offer a freed place (still counted as taken) to the next waiting child; False when no one waits."""
    entry = CareWaitlistEntry.objects.filter(place=place, status=WaitStatus.WAITING).order_by("joined_at", "pk").first()
    if entry is None:
        return False
    entry.status, entry.offered_at = WaitStatus.OFFERED, now
    entry.offer_expires_at = min(now + datetime.timedelta(hours=rules_.offer_hours),
                                 rules.slot_starts_at(slot, place.date))
    entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
    audit_record("childcare.care_waitlist.offered", obj=entry, tenant_id=entry.municipality_id,
                 subjects=[("childcare.child", entry.child_id)],
                 data={"place_id": place.pk, "expires_at": entry.offer_expires_at.isoformat()})
    # The family is told by its inbox and by mail; the text names the nursery, the day and the deadline, never
    # the child (a mail box is not the guardian portal).
    notification_send(recipient=entry.joined_by, municipality_id=entry.municipality_id, kind="waitlist_offer",
                      params={"facility": rules_.facility.name, "day": place.date.isoformat(),
                              "deadline": entry.offer_expires_at.isoformat()},
                      link=reverse("care-family"), subject=("childcare.carewaitlistentry", entry.pk),
                      key=f"waitlist_offer:{entry.pk}:{entry.offered_at.isoformat()}")
    return True


def _place_release(*, place: CarePlace, now: datetime.datetime) -> None:
    """A place freed under the place's lock: to the next waiting child, else back to the pool."""
    slot = CareSlot.objects.select_related("care_facility").get(pk=place.slot_id)
    if not _offer_next(place=place, rules_=slot.care_facility, slot=slot, now=now):
        CarePlace.objects.filter(pk=place.pk).update(taken=place.taken - 1)


@transaction.atomic
def booking_cancel(*, actor: User, booking: CareBooking, now: datetime.datetime | None = None) -> CareBooking:
    """Cancel a booking; after the free-cancellation deadline the facility's fee rule applies."""
    now = now or timezone.now()
    slot = CareSlot.objects.select_related("care_facility__facility").get(pk=booking.place.slot_id)
    if not may_act_for(actor, booking.child, slot.care_facility.facility):
        raise CareNotFound("care.booking_not_found", _("No such booking among yours"), field="booking")
    if booking.status != BookingStatus.BOOKED:
        raise CareConflict("care.already_cancelled", _("The booking is already cancelled"), field="booking")
    if now >= rules.slot_starts_at(slot, booking.date):
        raise CareRefused("care.already_started", _("The booked time has already begun; tell the facility instead"),
                          field="booking")
    _lock(f'SELECT id FROM "{Child._meta.db_table}" WHERE id = %s FOR UPDATE', [booking.child_id])
    place = _place_lock(booking.place_id)
    booking.refresh_from_db(fields=["status"])
    if booking.status != BookingStatus.BOOKED:  # cancelled meanwhile by someone else
        raise CareConflict("care.already_cancelled", _("The booking is already cancelled"), field="booking")
    booking.status, booking.cancelled_by, booking.cancelled_at = BookingStatus.CANCELLED, actor, now
    booking.cancellation_fee_yen = rules.cancellation_fee(rules=slot.care_facility, slot=slot, date=booking.date,
                                                          fee_yen=booking.fee_yen, now=now)
    booking.save(update_fields=["status", "cancelled_by", "cancelled_at", "cancellation_fee_yen"])
    audit_record("childcare.care_booking.cancelled", obj=booking, tenant_id=booking.municipality_id,
                 actor_id=actor.pk, subjects=[("childcare.child", booking.child_id)],
                 data={"cancellation_fee_yen": booking.cancellation_fee_yen})
    _place_release(place=place, now=now)
    return booking


@transaction.atomic
def waitlist_join(*, actor: User, child: Child, facility_id: int, date: datetime.date, slot_code: str,
                  now: datetime.datetime | None = None) -> CareWaitlistEntry:
    """Join the waiting list of a full place (the same rules as booking, except the places left)."""
    req = check_request(actor=actor, child=child, facility_id=facility_id, date=date, slot_code=slot_code,
                        now=now or timezone.now())
    _lock_child(req)
    place = place_get(req)
    if place.taken < place.capacity:
        raise CareConflict("care.not_full", _("Places are left: book instead of waiting"), field="slot")
    if CareWaitlistEntry.objects.filter(place=place, child=child, status__in=[WaitStatus.WAITING,
                                                                               WaitStatus.OFFERED]).exists():
        raise CareConflict("care.already_waiting", _("The child is already on this waiting list"), field="slot")
    entry = CareWaitlistEntry.objects.create(municipality_id=child.municipality_id, place=place,
                                             registration=req.registration, child=child, joined_by=actor)
    audit_record("childcare.care_waitlist.joined", obj=entry, tenant_id=entry.municipality_id, actor_id=actor.pk,
                 subjects=[child], data={"place_id": place.pk})
    return entry


def _offer_for(actor: User, entry: CareWaitlistEntry, now: datetime.datetime) -> CareSlot:
    slot = CareSlot.objects.select_related("care_facility__facility").get(pk=entry.place.slot_id)
    if not may_act_for(actor, entry.child, slot.care_facility.facility):
        raise CareNotFound("care.offer_not_found", _("No such waiting-list offer among yours"), field="entry")
    if entry.status != WaitStatus.OFFERED or entry.offer_expires_at <= now:
        raise CareConflict("care.offer_not_open", _("This place is not (or no longer) offered to you"),
                           field="entry")
    return slot


@transaction.atomic
def waitlist_accept(*, actor: User, entry: CareWaitlistEntry, now: datetime.datetime | None = None) -> CareBooking:
    """Confirm an offered place: it becomes a booking under the same locks and rules (the place is held already)."""
    now = now or timezone.now()
    slot = _offer_for(actor, entry, now)
    place = entry.place
    req = check_request(actor=actor, child=entry.child, facility_id=slot.care_facility.facility_id,
                        date=place.date, slot_code=slot.code, now=now, check_window=False)
    _lock_child(req)
    _place_lock(place.pk)
    entry.refresh_from_db(fields=["status"])
    if entry.status != WaitStatus.OFFERED:  # lapsed meanwhile
        raise CareConflict("care.offer_not_open", _("This place is not (or no longer) offered to you"),
                           field="entry")
    booking = _book(actor=actor, req=req, place_id=place.pk)
    entry.status, entry.booking = WaitStatus.ACCEPTED, booking
    entry.save(update_fields=["status", "booking"])
    audit_record("childcare.care_waitlist.accepted", obj=entry, tenant_id=entry.municipality_id, actor_id=actor.pk,
                 subjects=[entry.child], data={"booking_id": booking.pk})
    return booking


def _lapse(entry: CareWaitlistEntry, now: datetime.datetime, *, actor_id: int | None) -> bool:
    place = _place_lock(entry.place_id)
    entry.refresh_from_db(fields=["status"])
    if entry.status != WaitStatus.OFFERED:  # confirmed or declined meanwhile
        return False
    entry.status = WaitStatus.LAPSED
    entry.save(update_fields=["status"])
    audit_record("childcare.care_waitlist.lapsed", obj=entry, tenant_id=entry.municipality_id, actor_id=actor_id,
                 subjects=[("childcare.child", entry.child_id)])
    _place_release(place=place, now=now)
    return True


@transaction.atomic
def waitlist_decline(*, actor: User, entry: CareWaitlistEntry, now: datetime.datetime | None = None) -> None:
    """Decline an offered place: it goes to the next child waiting."""
    now = now or timezone.now()
    _offer_for(actor, entry, now)
    _lapse(entry, now, actor_id=actor.pk)


def waitlist_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Pass every offer not confirmed in time on to the next child (run by beat); each in its own transaction."""
    now = now or timezone.now()
    lapsed = 0
    for entry in CareWaitlistEntry.objects.filter(status=WaitStatus.OFFERED, offer_expires_at__lte=now):
        with transaction.atomic():
            lapsed += _lapse(entry, now, actor_id=None)
    return lapsed
