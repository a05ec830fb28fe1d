"""REST API of the babysitter subsidy under /api/v1/subsidy/: applications (paged, filtered), the pre-check, the
decision, bulk approval, the call-centre log, documents, the LoGo import, decision notices (PDF) and Zengin
transfer files. Refusals carry a stable ``code`` beside the message."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from childcare.subsidy import selectors, services
from childcare.subsidy.access import (
    PURPOSE_DETAIL,
    PURPOSE_LIST,
    applications_read,
    document_open,
    document_openable,
    inquiries_read,
)
from childcare.subsidy.downloads import document_response, notices_response, transfer_file_response
from childcare.subsidy.errors import SubsidyInvalid
from childcare.subsidy.fields import APPLICATION_FIELDS, LIST_FIELDS
from childcare.subsidy.models import ApplicationState, Document
from childcare.subsidy.notices import notices_pdf
from childcare.subsidy.zengin import transfer_file_open, transfer_requester, transfer_run_create
from common.api import id_field, query_params
from common.uploads import upload_missing


def _who(request):
    return selectors.subsidy_actor(actor=request.user)


def _valid(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        field, problems = next(iter(serializer.errors.items()))
        raise SubsidyInvalid(
            _(
                "%(field)s: %(problems)s"
            )
            % {
                "field": field,
                "problems": problems[0],
            }, field=field, code="subsidy.invalid_input")
    return serializer.validated_data


class ApplicationSummary(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    answer_id = serializers.CharField()
    state = serializers.CharField()
    submitted_on = serializers.DateField()
    applicant_name = serializers.CharField(allow_null=True, help_text="Only when the actor may read it")
    child_name = serializers.CharField(allow_null=True, help_text="Only for the ward's staff")
    computed_yen = serializers.IntegerField()
    decided_yen = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField()

    class Meta:
        ref_name = "SubsidyApplicationSummary"


def _summary(application, view) -> dict:
    return {"pk": application.pk, "answer_id": application.answer_id, "state": application.state,
            "submitted_on": application.submitted_on, "applicant_name": view.values.get("applicant.name"),
            "child_name": view.values.get("child.name"), "computed_yen": application.computed_yen,
            "decided_yen": application.decided_yen, "outcome": application.outcome}


class ListQuery(serializers.Serializer):
    """Narrow the list: a state, a range of received (申請) days, the applications with a duplicate open."""

    state = serializers.ChoiceField(choices=ApplicationState.choices, required=False)
    received_from = serializers.DateField(required=False, help_text="First day of application (申請日), inclusive")
    received_until = serializers.DateField(required=False, help_text="Last day of application, inclusive")
    duplicates = serializers.BooleanField(required=False, help_text="Only applications with a duplicate open")
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=500)

    class Meta:
        ref_name = "SubsidyListQuery"

    def validate(self, attrs):
        first, last = attrs.get("received_from"), attrs.get("received_until")
        if first and last and last < first:
            raise serializers.ValidationError({"received_until": "comes before received_from"})
        return attrs


class ApplicationPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


@extend_schema_serializer(component_name="SubsidyApplicationPage")
class ApplicationPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ApplicationSummary(many=True)


class ApplicationListApi(APIView):
    """The subsidy's applications the actor sees (the contractor: this business's only), newest first, a page at
    a time (``page``, ``page_size`` up to 500)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="subsidy_applications", parameters=[ListQuery], responses=ApplicationPage)
    def get(self, request):
        who = _who(request)
        query = query_params(ListQuery, request)
        applications = selectors.application_list(
            who=who, state=query.get("state"), received_from=query.get("received_from"),
            received_until=query.get("received_until"), duplicates=query.get("duplicates", False))
        paginator = ApplicationPagination()
        page = list(paginator.paginate_queryset(applications, request, view=self))
        views = applications_read(who=who, applications=page, fields=LIST_FIELDS, purpose=PURPOSE_LIST,
                                  channel="api")
        return paginator.get_paginated_response(
            ApplicationSummary([_summary(a, v) for a, v in zip(page, views, strict=True)], many=True).data)


class UseOutput(serializers.Serializer):
    line = serializers.IntegerField()
    used_on = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    company = serializers.CharField(source="company.code")
    care_charge_yen = serializers.IntegerField()
    excluded_yen = serializers.IntegerField()
    discount_yen = serializers.IntegerField()
    day_hours = serializers.IntegerField()
    night_hours = serializers.IntegerField()
    amount_yen = serializers.IntegerField()
    excluded = serializers.BooleanField()
    breakdown = serializers.DictField()

    class Meta:
        ref_name = "SubsidyUse"


class RefusalOutput(serializers.Serializer):
    code = serializers.CharField()
    rule = serializers.CharField(required=False)
    line = serializers.IntegerField(required=False)
    message = serializers.CharField()

    class Meta:
        ref_name = "SubsidyRefusal"


class DuplicateOutput(serializers.Serializer):
    line = serializers.IntegerField()
    other_id = serializers.IntegerField()
    other_line = serializers.IntegerField()

    class Meta:
        ref_name = "SubsidyDuplicate"


class ApplicationDetail(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    answer_id = serializers.CharField()
    state = serializers.CharField()
    submitted_on = serializers.DateField()
    fiscal_year = serializers.IntegerField()
    personal = serializers.DictField(help_text="The personal fields the actor may read, by field name")
    withheld = serializers.ListField(child=serializers.CharField())
    computed_yen = serializers.IntegerField()
    decided_yen = serializers.IntegerField(allow_null=True)
    outcome = serializers.CharField()
    uses = UseOutput(many=True)
    refusals = RefusalOutput(many=True)
    duplicates = DuplicateOutput(many=True)

    class Meta:
        ref_name = "SubsidyApplicationDetail"


def _detail(who, application, channel: str) -> dict:
    (view,) = applications_read(who=who, applications=[application], fields=APPLICATION_FIELDS,
                                purpose=PURPOSE_DETAIL, channel=channel)
    personal = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in view.values.items()}
    return {"pk": application.pk, "answer_id": application.answer_id, "state": application.state,
            "submitted_on": application.submitted_on, "fiscal_year": application.fiscal_year,
            "personal": personal, "withheld": list(view.withheld), "computed_yen": application.computed_yen,
            "decided_yen": application.decided_yen, "outcome": application.outcome,
            "uses": selectors.application_uses(application), "refusals": application.refusals,
            "duplicates": [d.__dict__ for d in selectors.application_duplicates(application)]}


class ApplicationDetailApi(APIView):
    """One application: what the actor may read of it, its uses with the computed breakdown, refusals, duplicates."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="subsidy_application", responses=ApplicationDetail)
    def get(self, request, application_id: int):
        who = _who(request)
        application = selectors.application_get(who=who, pk=application_id)
        return Response(ApplicationDetail(_detail(who, application, "api")).data)


class PreCheckApi(APIView):
    """The contractor's pre-check (事前審査): the rules evaluated again; the ward decides afterwards."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="subsidy_pre_check", request=None, responses=ApplicationDetail)
    def post(self, request, application_id: int):
        who = _who(request)
        application = services.application_pre_check(who=who, application_id=application_id)
        return Response(ApplicationDetail(_detail(who, application, "api")).data)


class DecisionApi(APIView):
    """The ward's decision: approved (the computed amount), partly (uses left out) or refused, with reasons."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=["approved", "partly", "refused"])
        reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)
        excluded_lines = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)

        class Meta:
            ref_name = "SubsidyDecisionInput"

    @extend_schema(operation_id="subsidy_decide", request=Input, responses=ApplicationDetail)
    def post(self, request, application_id: int):
        who = _who(request)
        data = _valid(self.Input, request.data)
        application = services.application_decide(who=who, application_id=application_id, outcome=data["outcome"],
                                                   reason=data.get("reason", ""),
                                                   excluded_lines=data.get("excluded_lines", []))
        return Response(ApplicationDetail(_detail(who, application, "api")).data)


class BulkApproveApi(APIView):
    """Approve several applications; each is approved or refused on its own, with its own code and message."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=id_field(), min_length=1, max_length=500)

        class Meta:
            ref_name = "SubsidyBulkApproveInput"

    class Output(serializers.Serializer):
        application_id = serializers.IntegerField()
        ok = serializers.BooleanField()
        code = serializers.CharField()
        message = serializers.CharField()

        class Meta:
            ref_name = "SubsidyBulkApproveOutcome"

    @extend_schema(operation_id="subsidy_bulk_approve", request=Input, responses=Output(many=True))
    def post(self, request):
        who = _who(request)
        data = _valid(self.Input, request.data)
        outcomes = services.applications_bulk_approve(who=who, application_ids=data["ids"])
        return Response(self.Output(outcomes, many=True).data)


class InquiryOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.CharField()
    content = serializers.CharField(allow_null=True)

    class Meta:
        ref_name = "SubsidyInquiry"


class InquiryApi(APIView):
    """The call-centre log (相談内容) of an application: read (recorded), or a new inquiry by the contractor."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        content = serializers.CharField(max_length=4000)

        class Meta:
            ref_name = "SubsidyInquiryInput"

    @extend_schema(operation_id="subsidy_inquiries", responses=InquiryOutput(many=True))
    def get(self, request, application_id: int):
        who = _who(request)
        application = selectors.application_get(who=who, pk=application_id)
        return Response(InquiryOutput(inquiries_read(who=who, application=application, channel="api"),
                                      many=True).data)

    @extend_schema(operation_id="subsidy_inquiry_record", request=Input, responses={201: InquiryOutput})
    def post(self, request, application_id: int):
        who = _who(request)
        data = _valid(self.Input, request.data)
        inquiry = services.inquiry_record(who=who, application_id=application_id, content=data["content"])
        return Response(InquiryOutput({"pk": inquiry.pk, "recorded_at": inquiry.recorded_at,
                                       "recorded_by": request.user.username, "content": data["content"]}).data,
                        status=status.HTTP_201_CREATED)


class ImportApi(APIView):
    """Import a LoGo CSV export (multipart: ``file``, ``form``): refused whole with every problem's row and column,
    denied by the exchange gate unless the contract's approved version lists the LoGo form."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        form = serializers.CharField(max_length=100)
        file = serializers.FileField()

        class Meta:
            ref_name = "SubsidyImportInput"

    class Output(serializers.Serializer):
        created = serializers.IntegerField()
        already = serializers.IntegerField()
        encoding = serializers.CharField()
        ledger_entry_id = serializers.IntegerField()
        mapping_version = serializers.IntegerField()

        class Meta:
            ref_name = "SubsidyImportResult"

    @extend_schema(operation_id="subsidy_import", request={"multipart/form-data": Input},
                   responses={201: Output})
    def post(self, request):
        who = _who(request)
        upload = request.FILES.get("file")
        if upload is None:
            raise upload_missing(field="file")
        result = services.logo_import(who=who, form=request.data.get("form", ""),
                                      content=upload.read(services.MAX_FILE_BYTES + 1), filename=upload.name)
        return Response(self.Output(result).data, status=status.HTTP_201_CREATED)


class DocumentOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=Document.Kind.choices)
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    openable = serializers.BooleanField(help_text="Whether the actor may open it (the contractor: the kinds its "
                                                  "approved items cover)")

    class Meta:
        ref_name = "SubsidyDocument"


class DocumentListApi(APIView):
    """The documents of an application (kind, size, checksum; never their names, which may be a person's)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="subsidy_documents", responses=DocumentOutput(many=True))
    def get(self, request, application_id: int):
        who = _who(request)
        application = selectors.application_get(who=who, pk=application_id)
        rows = [{"pk": d.pk, "kind": d.kind, "size": d.size, "sha256": d.sha256, "uploaded_at": d.uploaded_at,
                 "openable": document_openable(who=who, document=d)} for d in application.documents.defer("content")]
        return Response(DocumentOutput(rows, many=True).data)


class DocumentFileApi(APIView):
    """A document's content, decrypted (the read recorded); PDF and pictures inline, anything else as a download."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="subsidy_document_file", responses={
        (200, "application/pdf"): OpenApiResponse(bytes, description="The document (or image/*, or "
                                                                     "application/octet-stream)")})
    def get(self, request, application_id: int, document_id: int):
        who = _who(request)
        application = selectors.application_get(who=who, pk=application_id)
        document = selectors.document_get(who=who, application=application, pk=document_id)
        return document_response(content=document_open(who=who, document=document, channel="api"),
                                 name=document.name)


class NoticesApi(APIView):
    """The decision notices (交付決定通知書 / 不交付決定通知書) of decided applications as one PDF, a page each;
    the applications become notified. Ward staff only."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        ids = serializers.ListField(child=id_field(), min_length=1, max_length=500)

        class Meta:
            ref_name = "SubsidyNoticesInput"

    @extend_schema(operation_id="subsidy_notices", request=Input,
                   responses={(200, "application/pdf"): OpenApiResponse(bytes, description="The notices, one PDF")})
    def post(self, request):
        who = _who(request)
        data = _valid(self.Input, request.data)
        chosen = [selectors.application_get(who=who, pk=pk) for pk in dict.fromkeys(data["ids"])]
        return notices_response(notices_pdf(who=who, applications=chosen))


class TransferRunOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    transfer_on = serializers.DateField()
    record_count = serializers.IntegerField()
    total_yen = serializers.IntegerField()
    sha256 = serializers.CharField()
    created_at = serializers.DateTimeField()

    class Meta:
        ref_name = "SubsidyTransferRun"


class TransferListApi(APIView):
    """The ward's Zengin transfer runs (newest first), or a new run paying every notified application not yet
    paid (a re-run never pays one twice). Ward staff only."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        transfer_on = serializers.DateField(required=False, help_text="振込指定日; today when left out")

        class Meta:
            ref_name = "SubsidyTransferInput"

    @extend_schema(operation_id="subsidy_transfers", responses=TransferRunOutput(many=True))
    def get(self, request):
        runs = selectors.transfer_runs(who=_who(request))[:100]
        return Response(TransferRunOutput(runs, many=True).data)

    @extend_schema(operation_id="subsidy_transfer_create", request=Input, responses={201: TransferRunOutput})
    def post(self, request):
        who = _who(request)
        data = _valid(self.Input, request.data)
        transfer_on = data.get("transfer_on") or timezone.localdate()
        if transfer_on < timezone.localdate():
            raise SubsidyInvalid("transfer_on: a transfer date cannot be in the past", field="transfer_on",
                                 code="subsidy.transfer_date")
        run = transfer_run_create(who=who, requester=transfer_requester(), transfer_on=transfer_on)
        return Response(TransferRunOutput(run).data, status=status.HTTP_201_CREATED)


class TransferFileApi(APIView):
    """A run's Zengin file (120-byte JIS X 0201 records), decrypted; the read of the payees' accounts is recorded."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="subsidy_transfer_file", responses={
        (200, "application/octet-stream"): OpenApiResponse(bytes, description="The 総合振込 file")})
    def get(self, request, run_id: int):
        who = _who(request)
        run = selectors.transfer_run_get(who=who, pk=run_id)
        return transfer_file_response(run, transfer_file_open(who=who, run=run, channel="api"))
