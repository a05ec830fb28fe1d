"""一時保育料 — a month's fees per household from actual use, issued as payment slips; 延べ利用児童数 per facility.

A booking attended (checked in) costs its slot's fee for the child's band plus each started 30 minutes of
late pick-up at the facility's rate; a no-show costs what the facility's no-show rule says; a cancellation
after the free deadline costs the fee recorded when it was cancelled. A registration's waiver (住民税非課税世帯,
生活保護) takes the facility's share off. The household is the children's first guardian; each household's
month becomes one ``CareFeeStatement`` with one charge and its slip (fee type 一時保育料), so the barcode and
the reconciliation of payments apply. Issuing a month again skips the households already billed.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, record_access
from childcare.care import rules
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import (
    AgeBand,
    BookingStatus,
    CancellationFee,
    CareBooking,
    CareFacility,
    CareFeeStatement,
    CareRegistration,
    FeeWaiver,
)
from childcare.care.permissions import is_staff_for
from childcare.children.models import ChildGuardian, Guardian
from governance.tenancy.models import Municipality, User
from payments.catalog.access import staff_department_ids
from payments.catalog.models import FeeType, Payer
from payments.catalog.services import charge_create, payer_create
from payments.slips.services import slip_issue

FEE_TYPE_NAME = "一時保育料"
PURPOSE_FEES = "childcare.care.fees"
PAYER_PREFIX = "CARE"  # the payer's reference: CARE + the household's guardian id (no personal value)


def no_show_fee(rules_: CareFacility, booking: CareBooking, slot_hours: float) -> int:
    if rules_.no_show_fee == CancellationFee.FREE:
        return 0
    if rules_.no_show_fee == CancellationFee.FLAT:
        return rules_.cancellation_flat_yen
    if rules_.no_show_fee == CancellationFee.HOURLY:
        return math.ceil(slot_hours) * rules_.cancellation_hourly_yen
    return booking.fee_yen


def waiver_percent(rules_: CareFacility, waiver: str) -> int:
    return {FeeWaiver.TAX_EXEMPT: rules_.waiver_tax_exempt_percent,
            FeeWaiver.WELFARE: rules_.waiver_welfare_percent}.get(waiver, 0)


@dataclass
class Household:
    guardian_id: int
    bookings: list[CareBooking] = field(default_factory=list)
    usage_yen: int = 0
    late_yen: int = 0
    no_show_yen: int = 0
    cancellation_yen: int = 0
    waived_yen: int = 0

    @property
    def amount(self) -> int:
        return self.usage_yen + self.late_yen + self.no_show_yen + self.cancellation_yen - self.waived_yen


def _month_bookings(municipality: Municipality, month: datetime.date):
    first, last = rules.month_of(month)
    return CareBooking.objects.filter(municipality=municipality, date__range=(first, last)).select_related(
        "place__slot__care_facility", "registration")


def _households(bookings: list[CareBooking]) -> dict[int, Household]:
    """The month's billable bookings by household; the waiver read from each registration (sealed)."""
    first_guardian: dict[int, int] = {}
    for link in ChildGuardian.objects.filter(child_id__in={b.child_id for b in bookings}).order_by(
            "child_id", "order", "pk"):
        first_guardian.setdefault(link.child_id, link.guardian_id)
    households: dict[int, Household] = {}
    for booking in bookings:
        slot = booking.place.slot
        rules_ = slot.care_facility
        attended = booking.status == BookingStatus.BOOKED and booking.checked_in_at is not None
        usage = booking.fee_yen if attended else 0
        late = booking.late_units * rules_.late_pickup_yen if attended else 0
        no_show = no_show_fee(rules_, booking, slot.hours) if booking.status == BookingStatus.BOOKED \
            and booking.no_show else 0
        cancellation = (booking.cancellation_fee_yen or 0) if booking.status == BookingStatus.CANCELLED else 0
        if not (usage or late or no_show or cancellation):
            continue
        guardian_id = first_guardian.get(booking.child_id)
        if guardian_id is None:
            raise CareConflict("care.household_missing", _("Booking %(id)s: the child has no guardian to bill")
                               % {"id": booking.pk}, field="month")
        house = households.setdefault(guardian_id, Household(guardian_id))
        house.bookings.append(booking)
        house.usage_yen += usage
        house.late_yen += late
        house.no_show_yen += no_show
        house.cancellation_yen += cancellation
        percent = waiver_percent(rules_, booking.registration.fee_waiver)
        house.waived_yen += (usage + late + no_show + cancellation) * percent // 100
    return households


@dataclass
class IssueResult:
    month: datetime.date
    issued: list[CareFeeStatement]
    already: int  # households billed before: skipped


def _fee_type(municipality: Municipality, actor: User) -> FeeType:
    fee_type = FeeType.objects.select_related("department").filter(municipality=municipality,
                                                                   name=FEE_TYPE_NAME).first()
    if fee_type is None:
        raise CareNotFound("care.fee_type_missing", _("%(ward)s has no fee type %(name)s to bill temporary care")
                           % {"ward": municipality.name, "name": FEE_TYPE_NAME}, field="month")
    if fee_type.department_id not in staff_department_ids(actor):
        raise CareRefused("care.fees_staff_only", _("Only staff of %(department)s issue the temporary-care fees")
                          % {"department": fee_type.department.name})
    return fee_type


def _payer(actor: User, municipality: Municipality, guardian_id: int) -> Payer:
    """The household's payer (created once, from the guardian's name; the read is recorded)."""
    reference = f"{PAYER_PREFIX}{guardian_id}"
    payer = Payer.objects.filter(municipality=municipality, reference_number=reference).first()
    if payer is None:
        link = ChildGuardian.objects.select_related("guardian", "child").filter(guardian_id=guardian_id).first()
        guardian = link.guardian
        record_access(subjects=[guardian], fields=["guardian.name", "guardian.kana", "guardian.address",
                                                   "guardian.phone"],
                      purpose=PURPOSE_FEES, tenant_id=municipality.pk, subject_facility_ids=[link.child.facility_id])
        payer = payer_create(actor=actor, municipality=municipality, reference_number=reference,
                             name=guardian.name, kana=guardian.kana, address=guardian.address,
                             phone=guardian.phone)
    return payer


def due_date(month: datetime.date) -> datetime.date:
    """納期限: the last day of the month after the month billed."""
    return rules.month_of(rules.month_of(month)[1] + datetime.timedelta(days=1))[1]


def fees_issue(*, actor: User, municipality: Municipality, month: datetime.date,
               today: datetime.date | None = None) -> IssueResult:
    """Issue a month's fees of a ward: one statement, charge and slip per household not billed yet.

    Refused until the month is over and while a booking of it has no attendance recorded (fees come from
    actual use). Each household is its own transaction, locked on its guardian, so two runs at once still
    bill it once (the unique statement per household and month is the last guard).
    """
    month = month.replace(day=1)
    today = today or timezone.localdate()
    last = rules.month_of(month)[1]
    if last >= today:
        raise CareInvalid("care.month_not_over", _("%(month)s is not over yet; its fees are issued from %(day)s")
                          % {"month": f"{month:%Y-%m}", "day": (last + datetime.timedelta(days=1)).isoformat()},
                          field="month")
    fee_type = _fee_type(municipality, actor)
    bookings = list(_month_bookings(municipality, month))
    unrecorded = [b for b in bookings if b.status == BookingStatus.BOOKED and b.checked_in_at is None
                  and not b.no_show]
    if unrecorded:
        raise CareConflict("care.attendance_missing",
                           _("%(count)s bookings of %(month)s have no attendance recorded (first: %(date)s); record "
                             "them on the roster before issuing the fees")
                           % {"count": len(unrecorded), "month": f"{month:%Y-%m}",
                              "date": min(b.date for b in unrecorded).isoformat()}, field="month")
    unbilled = [b for b in bookings if b.statement_id is None]
    households = _households(unbilled)
    billed = [b for house in households.values() for b in house.bookings]
    if billed:  # each billed booking's registration was read for its waiver (sealed, 要配慮)
        record_access(subjects=[("childcare.child", child_id) for child_id in sorted({b.child_id for b in billed})],
                      fields=["care_registration.fee_waiver"], purpose=PURPOSE_FEES, tenant_id=municipality.pk,
                      sensitive_fields=["care_registration.fee_waiver"])
    issued = []
    for guardian_id in sorted(households):
        house = households[guardian_id]
        with transaction.atomic():
            # The guardian's row serialises two runs over the same household.
            Guardian.objects.select_for_update(of=("self",)).filter(pk=guardian_id).values_list("pk").first()
            if CareFeeStatement.objects.filter(guardian_id=guardian_id, month=month).exists():
                continue
            charge = None
            if house.amount > 0:
                payer = _payer(actor, municipality, guardian_id)
                charge = charge_create(actor=actor, fee_type=fee_type, payer=payer,
                                       fiscal_year=rules.fiscal_year(month), amount=house.amount,
                                       due_date=due_date(month))
                slip_issue(actor=actor, charge=charge, handling_deadline=due_date(month) + datetime.timedelta(days=14))
            statement = CareFeeStatement.objects.create(
                municipality=municipality, guardian_id=guardian_id, month=month, usage_yen=house.usage_yen,
                late_yen=house.late_yen, no_show_yen=house.no_show_yen, cancellation_yen=house.cancellation_yen,
                waived_yen=house.waived_yen, amount=house.amount, charge=charge, issued_by=actor)
            CareBooking.objects.filter(pk__in=[b.pk for b in house.bookings]).update(statement=statement)
            audit_record("childcare.care_fee.issued", obj=statement, tenant_id=municipality.pk, actor_id=actor.pk,
                         subjects=[("childcare.guardian", guardian_id)],
                         data={"month": f"{month:%Y-%m}", "amount": house.amount,
                               "charge_id": charge.pk if charge else None, "bookings": len(house.bookings)})
            issued.append(statement)
    already = CareFeeStatement.objects.filter(municipality=municipality, month=month).exclude(
        pk__in=[s.pk for s in issued]).count()
    return IssueResult(month=month, issued=issued, already=already)


def statements(*, municipality: Municipality, month: datetime.date):
    return CareFeeStatement.objects.filter(municipality=municipality, month=month.replace(day=1)).select_related(
        "charge").prefetch_related("charge__slips").order_by("guardian_id")


@dataclass(frozen=True)
class UsageRow:
    facility: str
    band: str
    days: int  # 延べ利用児童数: child-days attended
    children: int  # distinct children


def usage_report(*, actor: User, care: CareFacility, month: datetime.date) -> list[UsageRow]:
    """延べ利用児童数 of one facility and month by age band (attended bookings; no personal value)."""
    if not is_staff_for(actor, care.facility):
        raise CareRefused("care.staff_only", _("Only staff of the facility or its department see its roster"))
    first, last = rules.month_of(month)
    counts = {row["place__band"]: row for row in CareBooking.objects.filter(
        place__care_facility=care, date__range=(first, last), status=BookingStatus.BOOKED,
        checked_in_at__isnull=False).values("place__band").annotate(
        days=Count("pk"), children=Count("child", distinct=True))}
    return [UsageRow(facility=care.facility.name, band=band.label, days=counts.get(band, {}).get("days", 0),
                     children=counts.get(band, {}).get("children", 0)) for band in AgeBand]


@transaction.atomic
def registration_waiver_set(*, actor: User, registration: CareRegistration, waiver: str) -> CareRegistration:
    """Record a household's fee waiver on the registration (staff of the registering facility or department)."""
    if not is_staff_for(actor, registration.facility):
        raise CareRefused("care.staff_only", _("Only staff of the registering facility or its department may "
                                               "interview and decide on a registration"))
    if waiver not in FeeWaiver.values:
        raise CareInvalid("care.waiver_unknown", _("Unknown fee waiver '%(waiver)s'; choose one of: %(choices)s")
                          % {"waiver": waiver, "choices": ", ".join(v for v in FeeWaiver.values if v)},
                          field="waiver")
    registration.fee_waiver = waiver
    registration.save(update_fields=["fee_waiver"])
    audit_record("childcare.care_registration.waiver_set", obj=registration, tenant_id=registration.municipality_id,
                 actor_id=actor.pk, subjects=[registration.child], fields=["care_registration.fee_waiver"])
    return registration


def unbilled_count(*, municipality: Municipality, month: datetime.date) -> int:
    """Bookings of an issued month recorded after the issue (not billed by it)."""
    return _month_bookings(municipality, month).filter(statement__isnull=True).filter(
        Q(checked_in_at__isnull=False) | Q(no_show=True) | Q(cancellation_fee_yen__gt=0)).count()
