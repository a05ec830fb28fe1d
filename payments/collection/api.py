"""REST API for department staff: slips (+PDF), result-file import, cases, reports."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.errors import InvalidInput
from common.uploads import upload_missing
from governance.tenancy.models import Department
from payments.catalog.access import IsDepartmentStaff, staff_department_ids
from payments.catalog.fiscal import fiscal_year_of
from payments.collection import selectors
from payments.collection.services import case_resolve, payment_file_import


class ResultFileImportApi(APIView):
    permission_classes = [IsDepartmentStaff]
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        # An empty file is the service's to refuse: it arrived, and the handover ledger says so.
        file = serializers.FileField(allow_empty_file=True)

    class OutputSerializer(serializers.Serializer):
        status = serializers.CharField()
        result_file_id = serializers.IntegerField(source="result_file.pk")
        sha256 = serializers.CharField(source="result_file.sha256")
        message = serializers.CharField()
        summary = serializers.DictField(child=serializers.IntegerField())
        ledger_entry_id = serializers.IntegerField(source="ledger_entry.pk")

    @extend_schema(request={"multipart/form-data": InputSerializer}, responses=OutputSerializer)
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

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        status = serializers.CharField()
        slip_id = serializers.IntegerField(allow_null=True)
        receipt_id = serializers.IntegerField(allow_null=True)
        record_id = serializers.IntegerField(allow_null=True)
        opened_at = serializers.DateTimeField()
        resolution = serializers.CharField()

    @extend_schema(responses=OutputSerializer(many=True))
    def get(self, request):
        status = request.query_params.get("status", "open")
        cases = selectors.case_list(actor=request.user, status=None if status == "all" else status)
        return Response(self.OutputSerializer(cases[:1000], many=True).data)


class CaseResolveApi(APIView):
    permission_classes = [IsDepartmentStaff]

    class InputSerializer(serializers.Serializer):
        resolution = serializers.CharField(max_length=500)

    @extend_schema(request=InputSerializer, responses=CaseListApi.OutputSerializer)
    def post(self, request, case_id: int):
        data = self.InputSerializer(data=request.data)
        if not data.is_valid():
            raise InvalidInput("Say what was done to resolve the case", field="resolution")
        case = selectors.case_get(actor=request.user, case_id=case_id)
        case = case_resolve(actor=request.user, case=case, resolution=data.validated_data["resolution"])
        return Response(CaseListApi.OutputSerializer(case).data)


class ReportsApi(APIView):
    """Today's receipts by channel, expected bank credits per 支払予定日, monthly totals per fee type."""

    permission_classes = [IsDepartmentStaff]

    @extend_schema(responses=dict)
    def get(self, request):
        today = timezone.localdate()
        try:
            day = datetime.date.fromisoformat(request.query_params.get("day", today.isoformat()))
            year = int(request.query_params.get("year", fiscal_year_of(today)))
        except ValueError as exc:
            raise InvalidInput("day is YYYY-MM-DD and year a fiscal year", field="day") from exc
        return Response({
            "day": day,
            "receipts_by_channel": selectors.receipts_by_channel(actor=request.user, day=day),
            "expected_credits": selectors.expected_credits(actor=request.user),
            "fiscal_year": year,
            "monthly_totals": selectors.monthly_totals(actor=request.user, fiscal_year=year),
        })
