"""Retention rules and the dry run over HTTP (mounted at /api/v1/governance/retention/)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import id_field, query_params
from common.errors import NotFound
from governance.registry.access import reader_tenant_ids
from governance.retention import selectors, services
from governance.retention.models import RetentionRule
from governance.tenancy.models import Membership, Municipality, Role


class RuleReader(IsAuthenticated):
    """Roles that read the registry read the retention rules (checked before any query parameter)."""

    message = gettext_lazy("Your role gives no access to retention rules")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and bool(reader_tenant_ids(request.user))


class SweepPreviewer(IsAuthenticated):
    """Administrators and department staff; the selector checks they act for the municipality asked about."""

    message = gettext_lazy("Only administrators and department staff may preview a retention sweep")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and Membership.objects.filter(
            user=request.user, role__in=[Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF]).exists()


class RuleOutput(serializers.ModelSerializer):
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = RetentionRule
        fields = ["id", "municipality", "business", "items", "source", "trigger", "period_years", "period_months",
                  "period_days", "action", "active", "note", "updated_at"]


class RuleInput(serializers.Serializer):
    business = serializers.IntegerField(required=False)
    items = serializers.ListField(child=serializers.IntegerField(), required=False)
    source = serializers.CharField(required=False)
    trigger = serializers.CharField(required=False)
    period_years = serializers.IntegerField(required=False, min_value=0)
    period_months = serializers.IntegerField(required=False, min_value=0)
    period_days = serializers.IntegerField(required=False, min_value=0)
    action = serializers.CharField(required=False)
    active = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class RuleCreateInput(RuleInput):
    municipality = serializers.IntegerField()


class RulesApi(APIView):
    """List the retention rules of the caller's tenants; create one (administrators, owning department staff)."""

    permission_classes = [RuleReader]

    class Query(serializers.Serializer):
        municipality = id_field(required=False)

    @extend_schema(responses=RuleOutput(many=True), parameters=[Query])
    def get(self, request):
        municipality = query_params(self.Query, request).get("municipality")
        rules = selectors.retention_rule_list(actor=request.user, municipality=municipality)
        return Response(RuleOutput(rules, many=True).data)

    @extend_schema(request=RuleCreateInput, responses={201: RuleOutput})
    def post(self, request):
        body = RuleCreateInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        tenants = Membership.objects.filter(user=request.user).values("municipality_id")
        municipality = Municipality.objects.filter(pk=data.pop("municipality"), pk__in=tenants).first()
        if municipality is None:
            raise NotFound(_("No such municipality among yours"), field="municipality")
        rule = services.retention_rule_create(municipality=municipality, data=data, actor=request.user)
        return Response(RuleOutput(rule).data, status=status.HTTP_201_CREATED)


class RuleApi(APIView):
    """Read or change one rule (``active: false`` switches it off)."""

    @extend_schema(responses=RuleOutput)
    def get(self, request, pk: int):
        return Response(RuleOutput(selectors.retention_rule_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=RuleInput, responses=RuleOutput)
    def patch(self, request, pk: int):
        rule = selectors.retention_rule_get(actor=request.user, pk=pk)
        body = RuleInput(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        rule = services.retention_rule_update(rule=rule, data=dict(body.validated_data), actor=request.user)
        return Response(RuleOutput(rule).data)


class PreviewRuleOutput(serializers.Serializer):
    rule = serializers.IntegerField()
    source = serializers.CharField()
    action = serializers.CharField()
    cutoff = serializers.DateField(allow_null=True)
    count = serializers.IntegerField()
    skipped = serializers.CharField(help_text="Why the sweep could not apply the rule, if it could not")


class PreviewRecordOutput(serializers.Serializer):
    rule = serializers.IntegerField()
    source = serializers.CharField()
    object_id = serializers.CharField()
    subject = serializers.ListField(child=serializers.CharField(), help_text='["app.model", "id"]')
    trigger_date = serializers.DateField()
    action = serializers.CharField()


class PreviewOutput(serializers.Serializer):
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    rules = PreviewRuleOutput(many=True)
    records = PreviewRecordOutput(many=True)


class PreviewApi(APIView):
    """A dry run: the records a sweep of one municipality on ``as_of`` would remove (references only)."""

    permission_classes = [SweepPreviewer]

    class Query(serializers.Serializer):
        municipality = id_field()
        as_of = serializers.DateField(help_text="The day the sweep would run, e.g. 2031-04-01")

    @extend_schema(parameters=[Query], responses=PreviewOutput)
    def get(self, request):
        query = query_params(self.Query, request)
        result = selectors.retention_preview(actor=request.user, municipality=query["municipality"],
                                             as_of=query["as_of"])
        return Response(PreviewOutput({
            "as_of": result.as_of.isoformat(), "count": result.erased,
            "rules": [{"rule": o.rule_id, "source": o.source, "action": o.action,
                       "cutoff": o.cutoff.isoformat() if o.cutoff else None, "count": o.erased, "skipped": o.skipped}
                      for o in result.outcomes],
            "records": [{"rule": r.rule_id, "source": r.source, "object_id": r.object_id,
                         "subject": list(r.subject), "trigger_date": r.trigger_date.isoformat(), "action": r.action}
                        for r in result.records],
        }).data)
