"""The slips over the API: the list and one slip's PDF."""

from django.http import HttpResponse
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import query_params
from payments.catalog.access import IsDepartmentStaff
from payments.slips import selectors
from payments.slips.models import SlipStatus
from payments.slips.printing import slips_print


class SlipListApi(APIView):
    permission_classes = [IsDepartmentStaff]

    class Query(serializers.Serializer):
        status = serializers.ChoiceField(choices=SlipStatus.choices, required=False)

    @extend_schema_serializer(component_name="Slip")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        slip_number = serializers.IntegerField()
        fiscal_year = serializers.IntegerField()
        reissue = serializers.IntegerField()
        fee_type = serializers.CharField(source="fee_type.name")
        payer_reference = serializers.CharField(source="charge.payer.reference_number")
        amount = serializers.IntegerField()
        due_date = serializers.DateField()
        handling_deadline = serializers.DateField()
        barcode = serializers.CharField()
        status = serializers.CharField()

    @extend_schema(parameters=[Query], responses=OutputSerializer(many=True))
    def get(self, request):
        slips = selectors.slip_list(actor=request.user, status=query_params(self.Query, request).get("status"))
        return Response(self.OutputSerializer(slips[:1000], many=True).data)


class SlipPdfApi(APIView):
    permission_classes = [IsDepartmentStaff]

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, slip_id: int):
        slip = selectors.slip_get(actor=request.user, slip_id=slip_id)
        return HttpResponse(slips_print(actor=request.user, slips=[slip]), content_type="application/pdf")
