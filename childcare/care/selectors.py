"""Reads of temporary care: availability (one query, nothing personal), a family's bookings and offers, a roster."""

import datetime
import math
import uuid
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Q, QuerySet, When
from django.utils.translation import gettext as _

from childcare.care.errors import CareInvalid, CareNotFound
from childcare.care.models import (
    BookingStatus,
    CareBooking,
    CareClosedDay,
    CareFacility,
    CareLottery,
    CarePlace,
    CareRegistration,
    CareSlot,
    CareSlotBand,
    CareWaitlistEntry,
    RegistrationStatus,
    WaitStatus,
)
from childcare.children.models import Child, ChildGuardian
from governance.tenancy.models import Facility, Role, User

MAX_DAYS = 62  # two months on one calendar request

ROOM, FEW, NONE = "○", "△", "×"


@dataclass(frozen=True)
class Availability:
    date: datetime.date
    slot: str
    slot_label: str
    band: str
    capacity: int
    taken: int
    closed: bool

    @property
    def left(self) -> int:
        return 0 if self.closed else max(self.capacity - self.taken, 0)

    @property
    def mark(self) -> str:
        """○ room, △ few left (at most 2, or at most 20 % of the capacity), × full or closed."""
        if self.left == 0:
            return NONE
        return FEW if self.left <= max(2, math.floor(self.capacity * 0.2)) else ROOM


def _sql_availability() -> str:
    t = {m.__name__: m._meta.db_table for m in (CareFacility, CareSlot, CareSlotBand, CarePlace, CareClosedDay)}
    return f"""
        SELECT d.day::date, s.code, s.label, sb.band, COALESCE(p.capacity, sb.capacity), COALESCE(p.taken, 0),
               (cd.id IS NOT NULL OR f.closed_weekdays @> to_jsonb(EXTRACT(ISODOW FROM d.day)::int - 1))
        FROM "{t['CareFacility']}" f
        JOIN "{t['CareSlot']}" s ON s.care_facility_id = f.id
        JOIN "{t['CareSlotBand']}" sb ON sb.slot_id = s.id
        CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') AS d(day)
        LEFT JOIN "{t['CarePlace']}" p ON p.slot_id = s.id AND p.date = d.day::date AND p.band = sb.band
        LEFT JOIN "{t['CareClosedDay']}" cd ON cd.care_facility_id = f.id AND cd.date = d.day::date
        WHERE f.facility_id = %s
        ORDER BY d.day, s."order", s.id, sb.band"""


def _sql_availability_sqlite() -> str:
    """The same query for the embedded SQLite of `make run` (days by a recursive CTE; Monday is weekday 0)."""
    t = {m.__name__: m._meta.db_table for m in (CareFacility, CareSlot, CareSlotBand, CarePlace, CareClosedDay)}
    return f"""
        WITH RECURSIVE d(day) AS (SELECT date(%s) UNION ALL SELECT date(day, '+1 day') FROM d WHERE day < date(%s))
        SELECT d.day, s.code, s.label, sb.band, COALESCE(p.capacity, sb.capacity), COALESCE(p.taken, 0),
               (cd.id IS NOT NULL OR EXISTS (SELECT 1 FROM json_each(f.closed_weekdays) w
                                             WHERE w.value = (CAST(strftime('%%w', d.day) AS INTEGER) + 6) %% 7))
        FROM "{t['CareFacility']}" f
        JOIN "{t['CareSlot']}" s ON s.care_facility_id = f.id
        JOIN "{t['CareSlotBand']}" sb ON sb.slot_id = s.id
        CROSS JOIN d
        LEFT JOIN "{t['CarePlace']}" p ON p.slot_id = s.id AND p.date = d.day AND p.band = sb.band
        LEFT JOIN "{t['CareClosedDay']}" cd ON cd.care_facility_id = f.id AND cd.date = d.day
        WHERE f.facility_id = %s
        ORDER BY d.day, s."order", s.id, sb.band"""


def availability(*, facility_id: int, date_from: datetime.date, date_to: datetime.date) -> list[Availability]:
    """Places per day × slot × age band, in ONE query: capacity, taken (bookings and open offers), closed."""
    if date_to < date_from:
        raise CareInvalid("care.range_reversed", _("'to' (%(to)s) is before 'from' (%(from)s)")
                          % {"to": date_to.isoformat(), "from": date_from.isoformat()}, field="to")
    if (date_to - date_from).days >= MAX_DAYS:
        raise CareInvalid("care.range_too_long", _("Ask for at most %(days)s days at once") % {"days": MAX_DAYS},
                          field="to")
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(_sql_availability() if postgresql else _sql_availability_sqlite(),
                       [date_from, date_to, facility_id])
        found = cursor.fetchall()
    rows = [Availability(*row) if postgresql else
            Availability(datetime.date.fromisoformat(row[0]), *row[1:6], bool(row[6])) for row in found]
    if not rows:
        raise CareNotFound("care.facility_not_found", _("Facility %(id)s offers no temporary care")
                           % {"id": facility_id}, field="facility")
    return rows


def care_facilities(*, municipality_ids: list[int]) -> QuerySet[CareFacility]:
    """The facilities offering temporary care in these wards."""
    return CareFacility.objects.filter(facility__municipality_id__in=municipality_ids).select_related(
        "facility").order_by("facility__municipality_id", "facility__name")


def guarded_children(*, actor: User) -> QuerySet[Child]:
    """The children whose guardian the actor is (their names are read through childcare.children.access)."""
    ids = ChildGuardian.objects.filter(guardian__user=actor, municipality_id__in=actor.memberships.filter(
        role="guardian").values("municipality_id")).values("child_id")
    return Child.objects.filter(pk__in=ids, data_key__shredded_at__isnull=True).select_related(
        "facility").prefetch_related("care_registrations").order_by("pk")


def family_bookings(*, children: list[Child], since: datetime.date) -> QuerySet[CareBooking]:
    return CareBooking.objects.filter(child__in=children, date__gte=since).select_related(
        "place__slot", "place__care_facility__facility").order_by("date", "place__slot__order")


def family_waitlist(*, children: list[Child]) -> QuerySet[CareWaitlistEntry]:
    return CareWaitlistEntry.objects.filter(child__in=children, status__in=[WaitStatus.WAITING, WaitStatus.OFFERED]
                                            ).select_related("place__slot", "place__care_facility__facility")


def roster_bookings(*, facility: Facility, date: datetime.date) -> QuerySet[CareBooking]:
    """Who comes on a day: the facility's bookings, by slot then band."""
    return CareBooking.objects.filter(place__care_facility__facility=facility, date=date,
                                      status=BookingStatus.BOOKED).select_related(
        "child", "registration", "place__slot").order_by("place__slot__order", "place__band", "pk")


def booking_get(*, booking_id: int) -> CareBooking:
    booking = CareBooking.objects.select_related("child", "place").filter(pk=booking_id).first()
    if booking is None:
        raise CareNotFound("care.booking_not_found", _("No such booking among yours"), field="booking")
    return booking


def offer_get(*, entry_id: int) -> CareWaitlistEntry:
    entry = CareWaitlistEntry.objects.select_related("child", "place").filter(pk=entry_id).first()
    if entry is None:
        raise CareNotFound("care.offer_not_found", _("No such waiting-list offer among yours"), field="entry")
    return entry


def child_by_uid(*, record_uid: str) -> Child:
    """A child by its record id (services then check that the actor may act for it)."""
    try:
        uid = uuid.UUID(str(record_uid))
    except ValueError:
        uid = None
    child = Child.objects.select_related("facility").filter(record_uid=uid).first() if uid else None
    if child is None:
        raise CareNotFound("care.child_not_found", _("No such child among yours"), field="child")
    return child


def staff_facility_ids(*, actor: User) -> list[int]:
    """The facilities whose registrations and rosters the actor handles: their own, or their department's."""
    memberships = list(actor.memberships.filter(role__in=[Role.FACILITY_STAFF, Role.DEPARTMENT_STAFF]))
    return list(Facility.objects.filter(
        Q(pk__in=[m.facility_id for m in memberships if m.role == Role.FACILITY_STAFF and m.facility_id])
        | Q(department_id__in=[m.department_id for m in memberships
                               if m.role == Role.DEPARTMENT_STAFF and m.department_id]),
        care__isnull=False).values_list("pk", flat=True))


def care_facilities_for_staff(*, actor: User) -> QuerySet[CareFacility]:
    return CareFacility.objects.filter(facility_id__in=staff_facility_ids(actor=actor)).select_related(
        "facility").order_by("facility__municipality_id", "facility__name")


def staff_registrations(*, actor: User, status: str | None = None) -> QuerySet[CareRegistration]:
    """Registrations held at the facilities the actor handles (pending ones first, oldest first)."""
    registrations = CareRegistration.objects.filter(facility_id__in=staff_facility_ids(actor=actor))
    if status:
        registrations = registrations.filter(status=status)
    pending_first = Case(When(status=RegistrationStatus.APPLIED, then=0), default=1)
    return registrations.select_related("child__facility", "facility").order_by(pending_first, "applied_at", "pk")


def family_registrations(*, children: list[Child]) -> QuerySet[CareRegistration]:
    """The registrations of a family's children, newest fiscal year first."""
    return CareRegistration.objects.filter(child__in=children).select_related("facility").order_by(
        "child_id", "-fiscal_year")


def registration_get(*, registration_id: int) -> CareRegistration:
    registration = CareRegistration.objects.select_related("child__facility", "facility").filter(
        pk=registration_id).first()
    if registration is None:
        raise CareNotFound("care.registration_not_found", _("No such registration among yours"),
                           field="registration")
    return registration


def visible_registrations(*, actor: User, status: str | None = None) -> QuerySet[CareRegistration]:
    """The registrations of the actor's own children, and those held at the facilities the actor handles."""
    registrations = CareRegistration.objects.filter(
        Q(child__in=guarded_children(actor=actor)) | Q(facility_id__in=staff_facility_ids(actor=actor)))
    if status:
        registrations = registrations.filter(status=status)
    return registrations.select_related("child", "facility").order_by("applied_at", "pk")


def care_facility_get(*, facility_id: int) -> CareFacility:
    care = CareFacility.objects.select_related("facility").filter(facility_id=facility_id).first()
    if care is None:
        raise CareNotFound("care.facility_not_found", _("Facility %(id)s offers no temporary care")
                           % {"id": facility_id}, field="facility")
    return care


def lottery_get(*, lottery_id: int) -> CareLottery:
    drawn = CareLottery.objects.filter(pk=lottery_id, drawn_at__isnull=False).first()
    if drawn is None:
        raise CareNotFound("care.lottery_not_drawn", _("No drawn lottery %(id)s") % {"id": lottery_id},
                           field="lottery")
    return drawn
