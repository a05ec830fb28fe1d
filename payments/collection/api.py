"""REST API for department staff: slips (+PDF), result-file import, cases, reports."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import query_params
from common.errors import InvalidInput
from common.uploads import upload_missing
from governance.tenancy.models import Department
from payments.catalog.access import IsDepartmentStaff, staff_department_ids
from payments.catalog.fiscal import fiscal_year_of
from payments.collection import selectors
from payments.collection.models import CaseStatus
from payments.collection.services import case_resolve, payment_file_import


class ResultFileImportApi(APIView):
    permission_classes = [IsDepartmentStaff]
    parser_classes = [MultiPartParser]

    @extend_schema_serializer(component_name="ResultFileUpload")
    class InputSerializer(serializers.Serializer):
        # An empty file is the service's to refuse: it arrived, and the handover ledger says so.
        file = serializers.FileField(allow_empty_file=True)

    @extend_schema_serializer(component_name="ResultFileImport")
    class OutputSerializer(serializers.Serializer):
        status = serializers.CharField()
        result_file_id = serializers.IntegerField(source="result_file.pk")
        sha256 = serializers.CharField(source="result_file.sha256")
        message = serializers.CharField()
        summary = serializers.DictField(child=serializers.IntegerField())
        ledger_entry_id = serializers.IntegerField(source="ledger_entry.pk")

    @extend_schema(request={"multipart/form-data": InputSerializer},
                   responses={201: OutputSerializer, 200: OutputSerializer})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            raise upload_missing(field="file")
        upload = data.validated_data["file"]
        department = Department.objects.get(pk=min(staff_department_ids(request.user)))
        outcome = payment_file_import(actor=request.user, municipality=department.municipality,
                                      stream=upload.file, filename=upload.name)
        status = 201 if outcome.status == "imported" else 200
        return Response(self.OutputSerializer(outcome).data, status=status)


class CaseListApi(APIView):
    permission_classes = [IsDepartmentStaff]

    class Query(serializers.Serializer):
        status = serializers.ChoiceField(choices=[*CaseStatus.values, "all"], default=CaseStatus.OPEN)

    @extend_schema_serializer(component_name="ReconciliationCase")
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        status = serializers.CharField()
        slip_id = serializers.IntegerField(allow_null=True)
        receipt_id = serializers.IntegerField(allow_null=True)
        record_id = serializers.IntegerField(allow_null=True)
        opened_at = serializers.DateTimeField()
        resolution = serializers.CharField()

    @extend_schema(parameters=[Query], responses=OutputSerializer(many=True))
    def get(self, request):
        status = query_params(self.Query, request)["status"]
        cases = selectors.case_list(actor=request.user, status=None if status == "all" else status)
        return Response(self.OutputSerializer(cases[:1000], many=True).data)


class CaseResolveApi(APIView):
    permission_classes = [IsDepartmentStaff]

    @extend_schema_serializer(component_name="ReconciliationCaseResolution")
    class InputSerializer(serializers.Serializer):
        resolution = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses=CaseListApi.OutputSerializer)
    def post(self, request, case_id: int):
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            raise InvalidInput(_("Say what was done to resolve the case"), field="resolution")
        case = selectors.case_get(actor=request.user, case_id=case_id)
        case = case_resolve(actor=request.user, case=case, resolution=data.validated_data["resolution"])
        return Response(CaseListApi.OutputSerializer(case).data)


class ChannelReceiptsOutput(serializers.Serializer):
    channel_kind = serializers.CharField()
    channel__name = serializers.CharField()
    count = serializers.IntegerField()
    amount = serializers.IntegerField()


class ExpectedCreditOutput(serializers.Serializer):
    transfer_date = serializers.DateField()
    count = serializers.IntegerField()
    amount = serializers.IntegerField()


class MonthlyTotalOutput(serializers.Serializer):
    month = serializers.DateField()
    fee_type__name = serializers.CharField()
    count = serializers.IntegerField()
    confirmed = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField()


class PaymentReportsOutput(serializers.Serializer):
    day = serializers.DateField()
    receipts_by_channel = ChannelReceiptsOutput(many=True)
    expected_credits = ExpectedCreditOutput(many=True)
    fiscal_year = serializers.IntegerField()
    monthly_totals = MonthlyTotalOutput(many=True)


class ReportsApi(APIView):
    """Today's receipts by channel, expected bank credits per 支払予定日, monthly totals per fee type."""

    permission_classes = [IsDepartmentStaff]

    class Query(serializers.Serializer):
        day = serializers.DateField(required=False, help_text="The day of the receipts; today by default")
        year = serializers.IntegerField(required=False, min_value=1900, max_value=9999,
                                        help_text="The fiscal year of the monthly totals; this one by default")

    @extend_schema(parameters=[Query], responses=PaymentReportsOutput)
    def get(self, request):
        query = query_params(self.Query, request)
        today = timezone.localdate()
        day, year = query.get("day", today), query.get("year", fiscal_year_of(today))
        return Response(PaymentReportsOutput({
            "day": day,
            "receipts_by_channel": selectors.receipts_by_channel(actor=request.user, day=day),
            "expected_credits": selectors.expected_credits(actor=request.user),
            "fiscal_year": year,
            "monthly_totals": selectors.monthly_totals(actor=request.user, fiscal_year=year),
        }).data)
