"""REST API of temporary care under /api/v1/care/: registrations, availability, bookings, the waiting list.

Refusals carry a stable ``code`` (e.g. ``care.full``, ``care.deadline_passed``) beside the message.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from childcare.care import selectors, services
from childcare.care.errors import CareInvalid
from childcare.care.models import RegistrationStatus
from childcare.care.registration import registration_apply, registration_decide, registration_interview


class AvailabilityApi(APIView):
    """Places per day × slot × age band of one facility, with ○ (room) △ (few left) × (full or closed)."""

    class QueryInput(serializers.Serializer):
        facility = serializers.IntegerField()
        date_from = serializers.DateField()
        date_to = serializers.DateField()

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

    @extend_schema(operation_id="care_availability", responses=Output(many=True),
                   parameters=[OpenApiParameter("facility", int, required=True),
                               OpenApiParameter("from", str, required=True, description="YYYY-MM-DD"),
                               OpenApiParameter("to", str, required=True, description="YYYY-MM-DD")])
    def get(self, request):
        query = _valid(self.QueryInput, {"facility": request.query_params.get("facility"),
                                         "date_from": request.query_params.get("from"),
                                         "date_to": request.query_params.get("to")},
                       names={"date_from": "from", "date_to": "to"})
        rows = selectors.availability(facility_id=query["facility"], date_from=query["date_from"],
                                      date_to=query["date_to"])
        return Response(self.Output(rows, many=True).data)


def _valid(serializer_class, data, *, names: dict | None = None) -> dict:
    """Validate input; the first problem becomes one specific error naming the field."""
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        field, problems = next(iter(serializer.errors.items()))
        name = (names or {}).get(field, field)
        raise CareInvalid("care.invalid_input", f"{name}: {problems[0]}", field=name)
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

    class Meta:
        ref_name = "CareBooking"


class BookingCreateApi(APIView):
    """Book a place: 201, or 409 when it is gone (``care.full``), 400/403 naming the rule that refuses it."""

    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        child = serializers.UUIDField()
        facility = serializers.IntegerField()
        date = serializers.DateField()
        slot = serializers.CharField(max_length=10)

        class Meta:
            ref_name = "CareBookingCreateInput"

    @extend_schema(operation_id="care_booking_create", request=Input, responses={201: BookingOutput})
    def post(self, request):
        data = _valid(self.Input, request.data)
        booking = services.booking_create(actor=request.user, child=selectors.child_by_uid(record_uid=data["child"]),
                                          facility_id=data["facility"], date=data["date"], slot_code=data["slot"])
        return Response(BookingOutput(booking).data, status=status.HTTP_201_CREATED)


class BookingCancelApi(APIView):
    """Cancel a booking; ``cancellation_fee_yen`` is what the facility's rule charges (0 before its deadline)."""

    @extend_schema(operation_id="care_booking_cancel", request=None, responses=BookingOutput)
    def post(self, request, booking_id: int):
        booking = services.booking_cancel(actor=request.user, booking=selectors.booking_get(booking_id=booking_id))
        return Response(BookingOutput(booking).data)


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

    parser_classes = [JSONParser]

    @extend_schema(operation_id="care_waitlist_join", request=BookingCreateApi.Input, responses={201: WaitlistOutput})
    def post(self, request):
        data = _valid(BookingCreateApi.Input, request.data)
        entry = services.waitlist_join(actor=request.user, child=selectors.child_by_uid(record_uid=data["child"]),
                                       facility_id=data["facility"], date=data["date"], slot_code=data["slot"])
        return Response(WaitlistOutput(entry).data, status=status.HTTP_201_CREATED)


class OfferAcceptApi(APIView):
    """Confirm a waiting-list offer before its deadline: it becomes a booking."""

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

    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        child = serializers.UUIDField()
        facility = serializers.IntegerField(help_text="The registering facility (登録施設), where the interview is")
        fiscal_year = serializers.IntegerField()
        notes = serializers.CharField(required=False, allow_blank=True, default="")
        allergy_notes = serializers.CharField(required=False, allow_blank=True, default="")
        health_notes = serializers.CharField(required=False, allow_blank=True, default="")
        disability_notes = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "CareRegistrationApplyInput"

    @extend_schema(operation_id="care_registration_list", responses=RegistrationOutput(many=True),
                   parameters=[OpenApiParameter("status", str, enum=["applied", "approved", "refused"])])
    def get(self, request):
        status_ = request.query_params.get("status") or None
        if status_ not in (None, *RegistrationStatus.values):
            raise CareInvalid("care.invalid_input", _("status: unknown value '%(value)s'; use applied, approved or "
                                                      "refused") % {"value": status_}, field="status")
        registrations = selectors.visible_registrations(actor=request.user, status=status_)
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
