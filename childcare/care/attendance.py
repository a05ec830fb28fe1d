"""利用実績 — the day itself: the facility's staff check children in and out with the real times, or mark a no-show.

What is recorded here is the basis of the month's fee (``childcare.care.fees``): late pick-up in 30-minute
units after the slot's end, and a no-show charged by the facility's rule. Only staff of the facility the
booking is at (or its department) record it; each record locks the booking's row, checks, writes and audits
in one transaction, so a refusal changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from childcare.care import rules
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import BookingStatus, CareBooking, CareSlot
from childcare.care.permissions import is_staff_for
from governance.tenancy.models import User

# A time typed a little ahead of the server's clock (a slow watch) is accepted; more is a typing error.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _locked(actor: User, booking_id: int) -> tuple[CareBooking, CareSlot]:
    booking = CareBooking.objects.select_for_update().filter(pk=booking_id).first()
    if booking is None:
        raise CareNotFound("care.booking_not_found", _("No such booking among yours"), field="booking")
    slot = CareSlot.objects.select_related("care_facility__facility").get(pk=booking.place.slot_id)
    if not is_staff_for(actor, slot.care_facility.facility):
        raise CareRefused("care.staff_only", _("Only staff of the facility or its department record attendance"))
    if booking.status != BookingStatus.BOOKED:
        raise CareConflict("care.already_cancelled", _("The booking is already cancelled"), field="booking")
    return booking, slot


def _time(booking: CareBooking, at: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    if timezone.localtime(at, rules.TOKYO).date() != booking.date:
        raise CareInvalid("care.time_not_on_day", _("%(time)s is not on the booked day %(date)s")
                          % {"time": f"{timezone.localtime(at, rules.TOKYO):%Y-%m-%d %H:%M}",
                             "date": booking.date.isoformat()}, field="at")
    if at > now + CLOCK_SKEW:
        raise CareInvalid("care.time_in_future", _("%(time)s is in the future")
                          % {"time": f"{timezone.localtime(at, rules.TOKYO):%H:%M}"}, field="at")
    return at


def _record(name: str, booking: CareBooking, actor: User, fields: list[str], data: dict) -> CareBooking:
    booking.attendance_by = actor
    booking.save(update_fields=[*fields, "attendance_by"])
    audit_record(name, obj=booking, tenant_id=booking.municipality_id, actor_id=actor.pk,
                 subjects=[("childcare.child", booking.child_id)], data=data)
    return booking


@transaction.atomic
def check_in(*, actor: User, booking_id: int, at: datetime.datetime | None = None,
             now: datetime.datetime | None = None) -> CareBooking:
    """登園: the child arrived at ``at`` (now when not given). A child marked absent who comes after all is
    checked in, and the no-show is withdrawn."""
    now = now or timezone.now()
    booking, _slot = _locked(actor, booking_id)
    if booking.checked_in_at is not None:
        raise CareConflict("care.already_checked_in", _("The child was already checked in at %(time)s")
                           % {"time": f"{timezone.localtime(booking.checked_in_at, rules.TOKYO):%H:%M}"},
                           field="booking")
    booking.checked_in_at, booking.no_show = _time(booking, at or now, now), False
    return _record("childcare.care_booking.checked_in", booking, actor, ["checked_in_at", "no_show"],
                   {"at": booking.checked_in_at.isoformat()})


@transaction.atomic
def check_out(*, actor: User, booking_id: int, at: datetime.datetime | None = None,
              now: datetime.datetime | None = None) -> CareBooking:
    """降園: the child was picked up at ``at``; each started 30 minutes after the slot's end is late pick-up."""
    now = now or timezone.now()
    booking, slot = _locked(actor, booking_id)
    if booking.checked_in_at is None:
        raise CareConflict("care.not_checked_in", _("Check the child in before checking out"), field="booking")
    if booking.checked_out_at is not None:
        raise CareConflict("care.already_checked_out", _("The child was already checked out at %(time)s")
                           % {"time": f"{timezone.localtime(booking.checked_out_at, rules.TOKYO):%H:%M}"},
                           field="booking")
    at = _time(booking, at or now, now)
    if at < booking.checked_in_at:
        raise CareInvalid("care.out_before_in", _("The pick-up time is before the arrival at %(time)s")
                          % {"time": f"{timezone.localtime(booking.checked_in_at, rules.TOKYO):%H:%M}"}, field="at")
    booking.checked_out_at = at
    booking.late_units = rules.late_units(slot=slot, date=booking.date, checked_out_at=at)
    return _record("childcare.care_booking.checked_out", booking, actor, ["checked_out_at", "late_units"],
                   {"at": at.isoformat(), "late_units": booking.late_units})


@transaction.atomic
def mark_no_show(*, actor: User, booking_id: int, now: datetime.datetime | None = None) -> CareBooking:
    """無断欠席: the booked time began and the child did not come; the facility's no-show rule charges it."""
    now = now or timezone.now()
    booking, slot = _locked(actor, booking_id)
    if booking.checked_in_at is not None:
        raise CareConflict("care.already_checked_in", _("The child was already checked in at %(time)s")
                           % {"time": f"{timezone.localtime(booking.checked_in_at, rules.TOKYO):%H:%M}"},
                           field="booking")
    if booking.no_show:
        raise CareConflict("care.already_no_show", _("The booking is already marked as a no-show"), field="booking")
    if now < rules.slot_starts_at(slot, booking.date):
        raise CareRefused("care.not_started", _("A no-show is marked once the booked time has begun (%(time)s)")
                          % {"time": f"{slot.starts_at:%H:%M}"}, field="booking")
    booking.no_show = True
    return _record("childcare.care_booking.no_show", booking, actor, ["no_show"], {})
