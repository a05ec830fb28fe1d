"""The registry API under /api/v1/governance/: businesses, items, parties, processing, connections, contracts
(each with its versions), out-of-purpose uses, pre-approval criteria, consistency findings and the flow graph.

Views only parse the request and shape the answer; who may see and change what is decided in the
registry's selectors and services.
"""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import query_params
from common.errors import InvalidInput, NotFound
from governance.registry import selectors, services, versioning
from governance.registry.access import ensure_full_reader, ensure_registry_reader
from governance.registry.consistency import business_findings
from governance.registry.request_body import body_municipality, body_object
from governance.registry.serializers import (
    BusinessDetailOutput,
    BusinessInput,
    BusinessOutput,
    BusinessQuery,
    CriterionOutput,
    DataItemInput,
    DataItemOutput,
    DataItemQuery,
    FacilityUseOutput,
    FindingOutput,
    FlowGraphOutput,
    PartContentInput,
    PartCreateInput,
    PartOutput,
    PartQuery,
    PartyInput,
    PartyOutput,
    PartyQuery,
    RegistryChangeOutput,
    VersionOutput,
    VersionSummaryOutput,
)
from governance.registry.snapshots import registry_diff, snapshot_of
from governance.registry.validation import resolve


# --- businesses -----------------------------------------------------------------------------------------
class BusinessListApi(APIView):
    @extend_schema(parameters=[BusinessQuery], responses=BusinessOutput(many=True))
    def get(self, request):
        ensure_full_reader(request.user)
        query = query_params(BusinessQuery, request)
        qs = selectors.business_list(actor=request.user, municipality=query.get("municipality"),
                                     department=query.get("department"), number=query.get("number") or None,
                                     search=query.get("q") or None)
        return Response(BusinessOutput(qs, many=True).data)

    @extend_schema(request=BusinessInput, responses={201: BusinessOutput})
    def post(self, request):
        ensure_full_reader(request.user)
        data = body_object(request.data)
        business = services.business_create(municipality=body_municipality(request, data), data=data,
                                            actor=request.user)
        return Response(BusinessOutput(business).data, status=201)


class BusinessDetailApi(APIView):
    @extend_schema(responses=BusinessDetailOutput)
    def get(self, request, pk):
        detail = selectors.business_detail(actor=request.user, pk=pk)
        latest = detail["latest_versions"]

        def parts(key):
            return [{"id": p.pk, "title": str(p), "version": VersionSummaryOutput(latest[key][p.pk]).data}
                    for p in detail[key]]

        return Response({
            **BusinessOutput(detail["business"]).data,
            "items": DataItemOutput(detail["items"], many=True).data,
            "parties": PartyOutput(detail["parties"], many=True).data,
            "processing": parts("processing"), "connections": parts("connections"), "contracts": parts("contracts"),
            "out_of_purpose_uses": parts("out_of_purpose_uses"),
            "facility_uses": FacilityUseOutput(detail["facility_uses"], many=True).data,
        })

    @extend_schema(request=BusinessInput, responses=BusinessOutput)
    def patch(self, request, pk):
        business = selectors.business_get(actor=request.user, pk=pk)
        business = services.business_update(business=business, data=body_object(request.data), actor=request.user)
        return Response(BusinessOutput(business).data)


class BusinessFindingsApi(APIView):
    @extend_schema(responses=FindingOutput(many=True))
    def get(self, request, pk):
        business = selectors.business_get(actor=request.user, pk=pk)
        return Response([f.as_dict() for f in business_findings(business=business)])


class BusinessFlowApi(APIView):
    @extend_schema(responses=FlowGraphOutput)
    def get(self, request, pk):
        return Response(selectors.flow_graph(business=selectors.business_get(actor=request.user, pk=pk)))


# --- items ----------------------------------------------------------------------------------------------
class DataItemListApi(APIView):
    @extend_schema(parameters=[DataItemQuery], responses=DataItemOutput(many=True))
    def get(self, request):
        ensure_full_reader(request.user)
        query = query_params(DataItemQuery, request)
        qs = selectors.data_item_list(actor=request.user, business=query.get("business"),
                                      subject=query.get("subject") or None, sensitive=query.get("sensitive"))
        return Response(DataItemOutput(qs, many=True).data)

    @extend_schema(request=DataItemInput, responses={201: DataItemOutput})
    def post(self, request):
        data = body_object(request.data)
        if data.get("business") is None:
            raise InvalidInput(_("Name the business the item belongs to"), field="business")
        try:
            business = selectors.business_get(actor=request.user, pk=data.pop("business"))
        except NotFound as exc:
            raise InvalidInput(_("Unknown registered business"), field="business") from exc
        item = services.data_item_create(business=business, data=data, actor=request.user)
        return Response(DataItemOutput(item).data, status=201)


class DataItemDetailApi(APIView):
    @extend_schema(responses=DataItemOutput)
    def get(self, request, pk):
        return Response(DataItemOutput(selectors.data_item_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=DataItemInput, responses=DataItemOutput)
    def patch(self, request, pk):
        item = selectors.data_item_get(actor=request.user, pk=pk)
        return Response(DataItemOutput(services.data_item_update(item=item, data=body_object(request.data),
                                                                 actor=request.user)).data)


# --- parties --------------------------------------------------------------------------------------------
class PartyListApi(APIView):
    @extend_schema(parameters=[PartyQuery], responses=PartyOutput(many=True))
    def get(self, request):
        ensure_registry_reader(request.user)
        query = query_params(PartyQuery, request)
        qs = selectors.party_list(actor=request.user, municipality=query.get("municipality"),
                                  role=query.get("role") or None, selection=query.get("selection") or None)
        return Response(PartyOutput(qs, many=True).data)

    @extend_schema(request=PartyInput, responses={201: PartyOutput})
    def post(self, request):
        ensure_full_reader(request.user)
        data = body_object(request.data)
        party = services.party_create(municipality=body_municipality(request, data), data=data, actor=request.user)
        return Response(PartyOutput(party).data, status=201)


class PartyDetailApi(APIView):
    @extend_schema(responses=PartyOutput)
    def get(self, request, pk):
        return Response(PartyOutput(selectors.party_get(actor=request.user, pk=pk)).data)

    @extend_schema(request=PartyInput, responses=PartyOutput)
    def patch(self, request, pk):
        party = selectors.party_get(actor=request.user, pk=pk)
        return Response(PartyOutput(services.party_update(party=party, data=body_object(request.data),
                                                          actor=request.user)).data)


# --- versioned parts ------------------------------------------------------------------------------------
def _part_output(part) -> dict:
    latest = versioning.version_latest(part=part)
    return {"id": part.pk, "municipality": part.municipality.name, "title": str(part),
            "latest": VersionOutput(latest).data,
            "versions": VersionSummaryOutput(part.versions.order_by("number"), many=True).data}


class PartApi(APIView):
    """Shared by processing, connections, contracts and out-of-purpose uses; `kind` picks the selector."""

    kind = ""
    list_selector = staticmethod(lambda **kw: None)

    def _get_part(self, request, pk):
        return selectors._get(type(self).list_selector(actor=request.user), pk, self.kind.replace("_", " "))

    def _create(self, request, data: dict):
        businesses = data.pop("businesses", None) or ([data.pop("business")] if data.get("business") else [])
        municipality = None
        for index, value in enumerate(businesses):
            try:
                business = selectors.business_get(actor=request.user, pk=value)
            except NotFound as exc:
                raise InvalidInput(
                    _(
                        "Unknown registered business %(value)s"
                    )
                    % {
                        "value": f"{value!r}",
                    }, field=f"businesses[{index}]") from exc
            municipality = municipality or business.municipality
            if business.municipality_id != municipality.pk:
                raise InvalidInput(
                    _(
                        "The business '%(business)s' belongs to another municipality"
                    )
                    % {
                        "business": business,
                    },
                                   field=f"businesses[{index}]")
        if municipality is None:
            raise InvalidInput(_("Name at least one registered business"), field="businesses")
        content = body_object(data.get("content", {}), "content")
        if self.kind == "processing":
            return versioning.processing_create(municipality=municipality, business=businesses[0],
                                                title=data.get("title"), content=content, actor=request.user)
        if self.kind == "out_of_purpose_use":
            return versioning.out_of_purpose_use_create(
                municipality=municipality, using_business=resolve_business(municipality, data, "using_business"),
                providing_business=resolve_business(municipality, data, "providing_business"), content=content,
                actor=request.user)
        create = versioning.connection_create if self.kind == "connection" else versioning.contract_create
        return create(municipality=municipality, businesses=businesses, title=data.get("title"), content=content,
                      actor=request.user)


def resolve_business(municipality, data, field):
    from governance.registry.models import RegisteredBusiness

    return resolve(RegisteredBusiness, data.get(field), municipality=municipality, field=field,
                   label=_("registered business"))


def _part_views(kind: str, list_selector):
    class ListApi(PartApi):
        @extend_schema(parameters=[PartQuery], responses=PartOutput(many=True), operation_id=f"{kind}_list")
        def get(self, request):
            ensure_registry_reader(request.user)
            query = query_params(PartQuery, request)
            qs = list_selector(actor=request.user, business=query.get("business"), party=query.get("party"),
                               municipality=query.get("municipality"))
            return Response([_part_output(part) for part in qs])

        @extend_schema(request=PartCreateInput, responses={201: PartOutput}, operation_id=f"{kind}_create")
        def post(self, request):
            body = PartCreateInput(data=body_object(request.data))
            body.is_valid(raise_exception=True)
            data = dict(body.validated_data)
            if kind == "out_of_purpose_use" and not data.get("businesses"):
                data["businesses"] = [data.get("using_business")]
            return Response(_part_output(self._create(request, data)), status=201)

    class DetailApi(PartApi):
        @extend_schema(responses=PartOutput, operation_id=f"{kind}_retrieve")
        def get(self, request, pk):
            return Response(_part_output(self._get_part(request, pk)))

        @extend_schema(request=PartContentInput, responses=VersionOutput, operation_id=f"{kind}_update")
        def patch(self, request, pk):
            part = self._get_part(request, pk)
            content = body_object(body_object(request.data).get("content", {}), "content")
            version = versioning.registry_part_update(part=part, content=content, actor=request.user)
            return Response(VersionOutput(version).data)

    class VersionListApi(PartApi):
        @extend_schema(responses=VersionSummaryOutput(many=True), operation_id=f"{kind}_versions")
        def get(self, request, pk):
            part = self._get_part(request, pk)
            return Response(VersionSummaryOutput(part.versions.order_by("number"), many=True).data)

    class VersionDetailApi(PartApi):
        @extend_schema(responses=VersionOutput, operation_id=f"{kind}_version_retrieve")
        def get(self, request, pk, number):
            return Response(VersionOutput(versioning.version_get(part=self._get_part(request, pk),
                                                                 number=number)).data)

        @extend_schema(request=PartContentInput, responses=VersionOutput, operation_id=f"{kind}_version_update")
        def patch(self, request, pk, number):
            version = versioning.version_get(part=self._get_part(request, pk), number=number)
            content = body_object(body_object(request.data).get("content", {}), "content")
            return Response(VersionOutput(versioning.registry_version_update(version=version, content=content,
                                                                             actor=request.user)).data)

    class VersionDiffApi(PartApi):
        @extend_schema(responses=RegistryChangeOutput(many=True), operation_id=f"{kind}_version_diff")
        def get(self, request, pk, number, other):
            part = self._get_part(request, pk)
            old, new = versioning.version_get(part=part, number=number), versioning.version_get(part=part,
                                                                                                number=other)
            return Response(registry_diff(snapshot_of(old), snapshot_of(new)))

    for view in (ListApi, DetailApi, VersionListApi, VersionDetailApi, VersionDiffApi):
        view.kind = kind
        view.list_selector = staticmethod(list_selector)
    return ListApi, DetailApi, VersionListApi, VersionDetailApi, VersionDiffApi


class CriterionListApi(APIView):
    @extend_schema(responses=CriterionOutput(many=True))
    def get(self, request):
        return Response(CriterionOutput(selectors.criterion_list(actor=request.user), many=True).data)


def part_urls(prefix: str, kind: str, list_selector) -> list:
    list_api, detail_api, versions_api, version_api, diff_api = _part_views(kind, list_selector)
    return [
        path(f"{prefix}/", list_api.as_view(), name=f"registry-{prefix}"),
        path(f"{prefix}/<int:pk>/", detail_api.as_view(), name=f"registry-{prefix}-detail"),
        path(f"{prefix}/<int:pk>/versions/", versions_api.as_view(), name=f"registry-{prefix}-versions"),
        path(f"{prefix}/<int:pk>/versions/<int:number>/", version_api.as_view(), name=f"registry-{prefix}-version"),
        path(f"{prefix}/<int:pk>/versions/<int:number>/diff/<int:other>/", diff_api.as_view(),
             name=f"registry-{prefix}-diff"),
    ]
