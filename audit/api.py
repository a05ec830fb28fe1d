"""The auditor's API under /api/v1/audit/: search, prebuilt questions, CSV export, verification, findings."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.exports import events_csv_response
from audit.models import AuditEvent, AuditFinding
from audit.selectors import (
    QUESTIONS,
    EventFilter,
    audit_event_search,
    audit_finding_list,
    question_filter,
    verified_chains,
)
from audit.services import audit_chain_verify, audit_finding_update, audit_query_record
from common.api import id_field, query_params


class EventQuery(serializers.Serializer):
    """The search's filters (see ``EventFilter``) and the page."""

    subject_type = serializers.CharField(required=False, allow_blank=True, max_length=100)
    subject_id = serializers.CharField(required=False, allow_blank=True, max_length=64)
    actor_id = id_field(required=False)
    start = serializers.DateField(required=False, help_text="First day (Asia/Tokyo), inclusive")
    end = serializers.DateField(required=False, help_text="Last day (Asia/Tokyo), inclusive")
    name = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="Event name prefix")
    object_type = serializers.CharField(required=False, allow_blank=True, max_length=100)
    channel = serializers.CharField(required=False, allow_blank=True, max_length=10)
    party_id = id_field(required=False)
    after_hours = serializers.BooleanField(required=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=1000)
    offset = serializers.IntegerField(required=False, min_value=0)


def _event_filter(request) -> EventFilter:
    query_params(EventQuery, request)  # types and bounds; EventFilter checks how the filters combine
    return EventFilter.from_params(request.query_params)


class EventPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


class IsAuditor(BasePermission):
    message = gettext_lazy("Only auditors may read the audit log.")

    def has_permission(self, request, view):
        return request.user.has_perm("audit.view_auditevent")


class EventOutput(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["seq", "occurred_at", "name", "tenant_id", "actor_id", "channel", "request_id", "ip_address",
                  "object_type", "object_id", "fields", "subjects", "purpose", "data", "mac"]


@extend_schema_serializer(component_name="AuditEventPage")
class EventPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EventOutput(many=True)


def _search_response(view: APIView, request, filters: EventFilter, question: str = "") -> Response:
    events = audit_event_search(actor=request.user, filters=filters)
    paginator = EventPagination()
    page = paginator.paginate_queryset(events, request, view=view)
    audit_query_record(filters_reference=filters.as_reference(), question=question,
                       result_count=paginator.count)
    return paginator.get_paginated_response(EventOutput(page, many=True).data)


class EventListApi(APIView):
    """Search the log by subject, actor, time range (Asia/Tokyo days), event name prefix, object type, channel."""

    permission_classes = [IsAuditor]

    @extend_schema(parameters=[EventQuery], responses=EventPageOutput)
    def get(self, request):
        return _search_response(self, request, _event_filter(request))


class EventExportApi(APIView):
    """The same search as a CSV file."""

    permission_classes = [IsAuditor]

    @extend_schema(parameters=[EventQuery], responses={(200, "text/csv"): bytes})
    def get(self, request):
        filters = _event_filter(request)
        audit_query_record(filters_reference=filters.as_reference(), exported=True)
        return events_csv_response(audit_event_search(actor=request.user, filters=filters))


class QuestionListApi(APIView):
    """The prebuilt questions and the parameters each needs."""

    permission_classes = [IsAuditor]

    class QuestionOutput(serializers.Serializer):
        key = serializers.CharField()
        label = serializers.CharField()
        asks_for = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=QuestionOutput(many=True))
    def get(self, request):
        return Response([{"key": q.key, "label": q.label, "asks_for": list(q.asks_for)} for q in QUESTIONS])


class QuestionApi(APIView):
    """Answer a prebuilt question, e.g. /questions/subject_access/?subject_type=childcare.child&subject_id=12."""

    permission_classes = [IsAuditor]

    @extend_schema(parameters=[EventQuery], responses=EventPageOutput, operation_id="audit_question_answer")
    def get(self, request, key: str):
        query_params(EventQuery, request)
        return _search_response(self, request, question_filter(key, request.query_params), question=key)


class VerifyApi(APIView):
    """Verify the hash chains of the tenants the auditor audits (one with ?tenant=CODE), each reading only its
    own events; names the first bad event of a broken one."""

    permission_classes = [IsAuditor]

    class Query(serializers.Serializer):
        tenant = serializers.CharField(required=False, max_length=6,
                                       help_text="Municipality code (全国地方公共団体コード)")

    @extend_schema_serializer(component_name="AuditChainResult")
    class ChainOutput(serializers.Serializer):
        tenant_id = serializers.IntegerField(source="chain")
        ok = serializers.BooleanField()
        checked = serializers.IntegerField()
        head_seq = serializers.IntegerField(help_text="The chain's size: sealed events")
        unsealed = serializers.IntegerField(help_text="Events written and checked against their MAC, not sealed yet")
        first_bad_seq = serializers.IntegerField(allow_null=True)
        problem = serializers.CharField()

    @extend_schema_serializer(component_name="AuditChainVerification")
    class Output(serializers.Serializer):
        ok = serializers.BooleanField()
        checked = serializers.IntegerField()
        unsealed = serializers.IntegerField()
        first_bad_seq = serializers.IntegerField(allow_null=True)
        problem = serializers.CharField()
        chains = serializers.SerializerMethodField()

        @extend_schema_field(serializers.ListField(child=serializers.DictField()))
        def get_chains(self, result):
            return VerifyApi.ChainOutput(result.results, many=True).data

    @extend_schema(request=None, parameters=[Query], responses=Output)
    def post(self, request):
        code = query_params(self.Query, request).get("tenant", "")
        chains = verified_chains(request.user, code)
        return Response(self.Output(audit_chain_verify(chains=chains, actor_id=request.user.pk)).data)


@extend_schema_serializer(component_name="AuditFinding")
class FindingOutput(serializers.ModelSerializer):
    class Meta:
        model = AuditFinding
        fields = ["id", "tenant_id", "kind", "actor_id", "day", "count", "event_seqs", "status", "note", "updated_at"]


class FindingListApi(APIView):
    """Findings of the periodic log analysis; ?status=open|acknowledged|resolved."""

    permission_classes = [IsAuditor]

    class Query(serializers.Serializer):
        status = serializers.ChoiceField(choices=AuditFinding.Status.choices, required=False)

    @extend_schema(parameters=[Query], responses=FindingOutput(many=True))
    def get(self, request):
        findings = audit_finding_list(actor=request.user, status=query_params(self.Query, request).get("status", ""))
        return Response(FindingOutput(findings, many=True).data)


class FindingUpdateApi(APIView):
    """Acknowledge or resolve a finding, with a note."""

    permission_classes = [IsAuditor]

    @extend_schema_serializer(component_name="AuditFindingUpdate")
    class Input(serializers.Serializer):
        status = serializers.ChoiceField(choices=AuditFinding.Status.choices)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=FindingOutput)
    def patch(self, request, finding_id: int):
        finding = get_object_or_404(audit_finding_list(actor=request.user), pk=finding_id)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(FindingOutput(audit_finding_update(finding=finding, **data.validated_data)).data)
