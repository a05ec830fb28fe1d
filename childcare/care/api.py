"""REST API of temporary care under /api/v1/care/: availability, bookings, cancellation, the waiting list.

Refusals carry a stable ``code`` (e.g. ``care.full``, ``care.deadline_passed``) beside the message.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from childcare.care import selectors, services
from childcare.care.errors import CareInvalid


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
