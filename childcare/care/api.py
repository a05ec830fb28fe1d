"""REST API of temporary care under /api/v1/care/: registrations, availability, bookings, the waiting list.

Refusals carry a stable ``code`` (e.g. ``care.full``, ``care.deadline_passed``) beside the message.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from childcare.care import attendance, fees, lottery, selectors, services
from childcare.care.errors import CareInvalid, CareRefused
from childcare.care.models import FeeWaiver, RegistrationStatus
from childcare.care.registration import (
    registration_apply,
    registration_decide,
    registration_interview,
    registration_renew,
)
from common.api import id_field, query_params
from governance.tenancy.models import Role

CARE_ROLES = (Role.GUARDIAN, Role.FACILITY_STAFF, Role.DEPARTMENT_STAFF)


class CareUser(IsAuthenticated):
    """Guardians and the staff of facilities and departments: checked before any query parameter is read.

    Another role is refused with a ``code`` like every refusal of temporary care. Which children, facilities
    and registrations each of them may act on is the services' and selectors' answer.
    """

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not request.user.memberships.filter(role__in=CARE_ROLES).exists():
            raise CareRefused("care.role_not_allowed", _("Temporary care is for guardians and the staff of "
                                                         "facilities and departments"))
        return True


# ``from`` is a Python keyword, so the query's fields are given as a mapping.
AvailabilityQuery = type("AvailabilityQuery", (serializers.Serializer,), {
    "__doc__": "The facility and the first and last day asked about (at most 62 days).",
    "facility": id_field(help_text="The facility offering temporary care"),
    "from": serializers.DateField(help_text="The first day, YYYY-MM-DD"),
    "to": serializers.DateField(help_text="The last day, YYYY-MM-DD"),
})


class AvailabilityApi(APIView):
    """Places per day × slot × age band of one facility, with ○ (room) △ (few left) × (full or closed)."""

    permission_classes = [CareUser]

    class Output(serializers.Serializer):
        date = serializers.DateField()
        slot = serializers.CharField()
        slot_label = serializers.CharField()
        band = serializers.CharField()
        capacity = serializers.IntegerField()
        taken = serializers.IntegerField()
        left = serializers.IntegerField()
        closed = serializers.BooleanField()
        mark = serializers.CharField()

        class Meta:
            ref_name = "CareAvailability"

    @extend_schema(operation_id="care_availability", parameters=[AvailabilityQuery], responses=Output(many=True))
    def get(self, request):
        query = query_params(AvailabilityQuery, request)
        rows = selectors.availability(facility_id=query["facility"], date_from=query["from"], date_to=query["to"])
        # Plain dicts rather than the serializer: a month is hundreds of rows, polled by every open calendar.
        return Response([{"date": r.date.isoformat(), "slot": r.slot, "slot_label": r.slot_label, "band": r.band,
                          "capacity": r.capacity, "taken": r.taken, "left": r.left, "closed": r.closed,
                          "mark": r.mark} for r in rows])


def _valid(serializer_class, data) -> dict:
    """A request body validated; its first problem becomes one specific error naming the field."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        field, problems = next(iter(serializer.errors.items()))
        raise CareInvalid("care.invalid_input",
            _(
                "%(field)s: %(problems)s"
            )
            % {
                "field": field,
                "problems": problems[0],
            }, field=field)
    return serializer.validated_data


class BookingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.UUIDField(source="child.record_uid")
    facility = serializers.IntegerField(source="place.care_facility.facility_id")
    date = serializers.DateField()
    slot = serializers.CharField(source="place.slot.code")
    band = serializers.CharField(source="place.band")
    status = serializers.CharField()
    fee_yen = serializers.IntegerField()
    cancellation_fee_yen = serializers.IntegerField(allow_null=True)
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_out_at = serializers.DateTimeField(allow_null=True)
    late_units = serializers.IntegerField(help_text="Late pick-up: started 30 minutes after the slot's end")
    no_show = serializers.BooleanField()

    class Meta:
        ref_name = "CareBooking"


class PlaceInput(serializers.Serializer):
    """One child, facility, date and slot: what a booking and a waiting-list entry both ask for."""

    child = serializers.UUIDField()
    facility = id_field()
    date = serializers.DateField()
    slot = serializers.CharField(max_length=10)

    class Meta:
        ref_name = "CarePlaceInput"


def _place_request(request, service, output) -> Response:
    """Validate the place asked for, call the booking or waiting-list service, answer 201 with what it made."""
    data = _valid(PlaceInput, request.data)
    made = service(actor=request.user, child=selectors.child_by_uid(record_uid=data["child"]),
                   facility_id=data["facility"], date=data["date"], slot_code=data["slot"])
    return Response(output(made).data, status=status.HTTP_201_CREATED)


class BookingCreateApi(APIView):
    """Book a place: 201, or 409 when it is gone (``care.full``), 400/403 naming the rule that refuses it."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="care_booking_create", request=PlaceInput, responses={201: BookingOutput})
    def post(self, request):
        return _place_request(request, services.booking_create, BookingOutput)


class BookingCancelApi(APIView):
    """Cancel a booking; ``cancellation_fee_yen`` is what the facility's rule charges (0 before its deadline)."""

    permission_classes = [CareUser]

    @extend_schema(operation_id="care_booking_cancel", request=None, responses=BookingOutput)
    def post(self, request, booking_id: int):
        booking = services.booking_cancel(actor=request.user, booking=selectors.booking_get(booking_id=booking_id))
        return Response(BookingOutput(booking).data)


class AttendanceInput(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True,
                                   help_text="The real time on the booked day; now when left out")

    class Meta:
        ref_name = "CareAttendanceInput"


class CheckInApi(APIView):
    """登園: staff of the facility record the child's arrival (``care.already_checked_in`` on a second one)."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="care_booking_check_in", request=AttendanceInput, responses=BookingOutput)
    def post(self, request, booking_id: int):
        data = _valid(AttendanceInput, request.data)
        booking = attendance.check_in(actor=request.user, booking_id=booking_id, at=data.get("at"))
        return Response(BookingOutput(booking).data)


class CheckOutApi(APIView):
    """降園: staff record the pick-up; ``late_units`` counts each started 30 minutes after the slot's end."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="care_booking_check_out", request=AttendanceInput, responses=BookingOutput)
    def post(self, request, booking_id: int):
        data = _valid(AttendanceInput, request.data)
        booking = attendance.check_out(actor=request.user, booking_id=booking_id, at=data.get("at"))
        return Response(BookingOutput(booking).data)


class NoShowApi(APIView):
    """無断欠席: staff mark a booking whose time has begun as a no-show (charged by the facility's rule)."""

    permission_classes = [CareUser]

    @extend_schema(operation_id="care_booking_no_show", request=None, responses=BookingOutput)
    def post(self, request, booking_id: int):
        return Response(BookingOutput(attendance.mark_no_show(actor=request.user, booking_id=booking_id)).data)


class WaitlistOutput(serializers.Serializer):
    id = serializers.IntegerField()
    child = serializers.UUIDField(source="child.record_uid")
    date = serializers.DateField(source="place.date")
    slot = serializers.CharField(source="place.slot.code")
    band = serializers.CharField(source="place.band")
    status = serializers.CharField()
    offer_expires_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "CareWaitlistEntry"


class WaitlistJoinApi(APIView):
    """Join the waiting list of a full place (409 ``care.not_full`` when places are left)."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="care_waitlist_join", request=PlaceInput, responses={201: WaitlistOutput})
    def post(self, request):
        return _place_request(request, services.waitlist_join, WaitlistOutput)


class OfferAcceptApi(APIView):
    """Confirm a waiting-list offer before its deadline: it becomes a booking."""

    permission_classes = [CareUser]

    @extend_schema(operation_id="care_offer_accept", request=None, responses={201: BookingOutput})
    def post(self, request, entry_id: int):
        booking = services.waitlist_accept(actor=request.user, entry=selectors.offer_get(entry_id=entry_id))
        return Response(BookingOutput(booking).data, status=status.HTTP_201_CREATED)


class RegistrationOutput(serializers.Serializer):
    """A registration's state and expiry (登録有効期限); no personal value (the child is its record id)."""

    id = serializers.IntegerField()
    child = serializers.UUIDField(source="child.record_uid")
    facility = serializers.IntegerField(source="facility_id")
    fiscal_year = serializers.IntegerField()
    status = serializers.CharField()
    valid_until = serializers.DateField()
    applied_at = serializers.DateTimeField()
    interviewed_on = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        ref_name = "CareRegistration"


class RegistrationListCreateApi(APIView):
    """Registrations: a guardian applies for their child (staff on a family's behalf); each sees theirs.

    ``GET`` lists the registrations of the actor's children (guardians) or held at the facilities the actor
    handles (staff; ``?status=applied`` for the pending ones). ``POST`` applies: 201, or 400/404/409 with a
    ``code`` (``care.registration_exists``, ``care.fiscal_year_invalid``, ``care.facility_not_found`` …).
    """

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        child = serializers.UUIDField()
        facility = id_field(help_text="The registering facility (登録施設), where the interview is")
        fiscal_year = serializers.IntegerField()
        notes = serializers.CharField(required=False, allow_blank=True, default="")
        allergy_notes = serializers.CharField(required=False, allow_blank=True, default="")
        health_notes = serializers.CharField(required=False, allow_blank=True, default="")
        disability_notes = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "CareRegistrationApplyInput"

    class Query(serializers.Serializer):
        status = serializers.ChoiceField(choices=RegistrationStatus.values, required=False, allow_blank=True,
                                         help_text="Only the registrations in this state (applied: pending)")

    @extend_schema(operation_id="care_registration_list", parameters=[Query],
                   responses=RegistrationOutput(many=True))
    def get(self, request):
        query = query_params(self.Query, request)
        registrations = selectors.visible_registrations(actor=request.user, status=query.get("status") or None)
        return Response(RegistrationOutput(registrations, many=True).data)

    @extend_schema(operation_id="care_registration_apply", request=Input, responses={201: RegistrationOutput})
    def post(self, request):
        data = _valid(self.Input, request.data)
        registration = registration_apply(
            actor=request.user, child=selectors.child_by_uid(record_uid=data["child"]),
            facility=selectors.care_facility_get(facility_id=data["facility"]).facility,
            fiscal_year=data["fiscal_year"], notes=data["notes"], allergy_notes=data["allergy_notes"],
            health_notes=data["health_notes"], disability_notes=data["disability_notes"])
        return Response(RegistrationOutput(registration).data, status=status.HTTP_201_CREATED)


class RegistrationInterviewApi(APIView):
    """Record the interview (事前面接) of a pending registration: staff of its registering facility or department."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        interviewed_on = serializers.DateField()

        class Meta:
            ref_name = "CareRegistrationInterviewInput"

    @extend_schema(operation_id="care_registration_interview", request=Input, responses=RegistrationOutput)
    def post(self, request, registration_id: int):
        data = _valid(self.Input, request.data)
        registration = registration_interview(
            actor=request.user, registration=selectors.registration_get(registration_id=registration_id),
            interviewed_on=data["interviewed_on"])
        return Response(RegistrationOutput(registration).data)


class RegistrationDecisionApi(APIView):
    """Approve a registration (after the interview where the facility requires it) or refuse it with a reason."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        approve = serializers.BooleanField()
        reason = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "CareRegistrationDecisionInput"

    @extend_schema(operation_id="care_registration_decide", request=Input, responses=RegistrationOutput)
    def post(self, request, registration_id: int):
        data = _valid(self.Input, request.data)
        registration = registration_decide(
            actor=request.user, registration=selectors.registration_get(registration_id=registration_id),
            approve=data["approve"], reason=data["reason"])
        return Response(RegistrationOutput(registration).data)


class RegistrationWaiverApi(APIView):
    """Record the household's fee waiver (減免: ``tax_exempt`` 住民税非課税世帯, ``welfare`` 生活保護, or "" for none).

    Staff of the registering facility or its department; the waiver is stored sealed and never answered back.
    """

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        waiver = serializers.ChoiceField(choices=FeeWaiver.values, allow_blank=True)

        class Meta:
            ref_name = "CareRegistrationWaiverInput"

    @extend_schema(operation_id="care_registration_waiver", request=Input, responses=RegistrationOutput)
    def post(self, request, registration_id: int):
        data = _valid(self.Input, request.data)
        registration = fees.registration_waiver_set(
            actor=request.user, registration=selectors.registration_get(registration_id=registration_id),
            waiver=data["waiver"])
        return Response(RegistrationOutput(registration).data)


class LotteryEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    lottery = serializers.IntegerField(source="lottery_id")
    child = serializers.UUIDField(source="child.record_uid")
    date = serializers.DateField(source="place.date")
    slot = serializers.CharField(source="place.slot.code")
    band = serializers.CharField(source="place.band")
    outcome = serializers.CharField()
    closes_at = serializers.DateTimeField(source="lottery.closes_at")
    seed_sha256 = serializers.CharField(source="lottery.seed_sha256", help_text="The committed hash of the seed")

    class Meta:
        ref_name = "CareLotteryEntry"


class LotteryApplyApi(APIView):
    """Apply for a place in the lottery at the window's opening (where the facility draws lots)."""

    permission_classes = [CareUser]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="care_lottery_apply", request=PlaceInput, responses={201: LotteryEntryOutput})
    def post(self, request):
        return _place_request(request, lottery.lottery_apply, LotteryEntryOutput)


class LotteryReader(IsAuthenticated):
    """Auditors re-run draws; the staff and families concerned may as well (nothing personal is answered)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if not request.user.memberships.filter(role__in=(*CARE_ROLES, Role.AUDITOR)).exists():
            raise CareRefused("care.role_not_allowed", _("Temporary care is for guardians and the staff of "
                                                         "facilities and departments"))
        return True


class LotteryVerifyApi(APIView):
    """Re-run a drawn lottery from its revealed seed: the seed against the committed hash, every order, the winners."""

    permission_classes = [LotteryReader]

    class Output(serializers.Serializer):
        lottery = serializers.IntegerField(source="verification.lottery_id")
        seed = serializers.CharField(source="lottery.revealed_seed")
        seed_sha256 = serializers.CharField(source="lottery.seed_sha256")
        result = serializers.DictField(source="lottery.result", help_text="Per place id: places and drawn order")
        seed_matches_commitment = serializers.BooleanField(source="verification.seed_matches_commitment")
        committed_first = serializers.BooleanField(source="verification.committed_first",
                                                  help_text="The seed's hash was logged before any application")
        orders_match = serializers.BooleanField(source="verification.orders_match")
        winners_match = serializers.BooleanField(source="verification.winners_match")
        ok = serializers.BooleanField(source="verification.ok")

        class Meta:
            ref_name = "CareLotteryVerification"

    @extend_schema(operation_id="care_lottery_verify", responses=Output)
    def get(self, request, lottery_id: int):
        verification = lottery.lottery_verify(actor=request.user, lottery_id=lottery_id)
        drawn = selectors.lottery_get(lottery_id=lottery_id)
        return Response(self.Output({"verification": verification, "lottery": drawn}).data)


class RegistrationRenewApi(APIView):
    """更新: a half-year registration runs on to the fiscal year's end; at the year's end, an application for the
    next fiscal year with the same notes (201). ``care.renewal_too_early``, ``care.registration_exists`` …"""

    permission_classes = [CareUser]

    @extend_schema(operation_id="care_registration_renew", request=None, responses={200: RegistrationOutput,
                                                                                   201: RegistrationOutput})
    def post(self, request, registration_id: int):
        registration = selectors.registration_get(registration_id=registration_id)
        renewed = registration_renew(actor=request.user, registration=registration)
        return Response(RegistrationOutput(renewed).data,
                        status=status.HTTP_201_CREATED if renewed.pk != registration.pk else status.HTTP_200_OK)
