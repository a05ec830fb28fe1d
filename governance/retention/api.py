"""Retention rules and the dry run over HTTP (mounted at /api/v1/governance/retention/)."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.errors import InvalidInput, NotFound
from governance.retention import selectors, services
from governance.retention.models import RetentionRule
from governance.tenancy.models import Membership, Municipality


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

    @extend_schema(responses=RuleOutput(many=True),
                   parameters=[OpenApiParameter("municipality", int, required=False)])
    def get(self, request):
        municipality = request.query_params.get("municipality")
        rules = selectors.retention_rule_list(actor=request.user,
                                              municipality=int(municipality) if municipality else None)
        return Response(RuleOutput(rules, many=True).data)

    @extend_schema(request=RuleCreateInput, responses={201: RuleOutput})
    def post(self, request):
        body = RuleCreateInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        tenants = Membership.objects.filter(user=request.user).values("municipality_id")
        municipality = Municipality.objects.filter(pk=data.pop("municipality"), pk__in=tenants).first()
        if municipality is None:
            raise NotFound("No such municipality among yours", field="municipality")
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


class PreviewApi(APIView):
    """A dry run: the records a sweep of one municipality on ``as_of`` would remove (references only)."""

    @extend_schema(parameters=[OpenApiParameter("municipality", int, required=True),
                               OpenApiParameter("as_of", str, required=True)], responses=dict)
    def get(self, request):
        try:
            municipality = int(request.query_params.get("municipality", ""))
        except ValueError as exc:
            raise InvalidInput("municipality must be the id of a municipality", field="municipality") from exc
        try:
            as_of = date.fromisoformat(request.query_params.get("as_of", ""))
        except ValueError as exc:
            raise InvalidInput("as_of must be a date like 2031-04-01", field="as_of") from exc
        result = selectors.retention_preview(actor=request.user, municipality=municipality, as_of=as_of)
        return Response({
            "as_of": result.as_of.isoformat(), "count": result.erased,
            "rules": [{"rule": o.rule_id, "source": o.source, "action": o.action,
                       "cutoff": o.cutoff.isoformat() if o.cutoff else None, "count": o.erased, "skipped": o.skipped}
                      for o in result.outcomes],
            "records": [{"rule": r.rule_id, "source": r.source, "object_id": r.object_id,
                         "subject": list(r.subject), "trigger_date": r.trigger_date.isoformat(), "action": r.action}
                        for r in result.records],
        })
