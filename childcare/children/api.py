"""REST API: /api/v1/childcare/children/ (list), /children/search/ (POST) and /children/<record_uid>/ (detail).

Same rules as the pages: the selector narrows the children to the actor, ``children_read`` asks the access
policy and records one access event per response. A field the actor may not read is absent from the
response (not null); ``fields_withheld`` names it. A child the actor may not see is 404, like an unknown id.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from childcare.children import access, selectors
from childcare.children.fields import CHILD_FIELDS, DETAIL_FIELDS, GUARDIAN_FIELDS, HOUSEHOLD_FIELDS, LIST_FIELDS
from childcare.children.services import child_read_denied
from common.api import id_field, query_params
from common.errors import InvalidInput, NotFound

_OPTIONAL = {"required": False}


def _serializer_field(field):
    return (serializers.DateField(allow_null=True, **_OPTIONAL) if field.attribute == "birth_date"
            else serializers.CharField(allow_null=True, **_OPTIONAL))


HouseholdOutput = inline_serializer("ChildHouseholdMember", {
    "record_uid": serializers.UUIDField(), **{f.attribute: _serializer_field(f) for f in HOUSEHOLD_FIELDS}})
GuardianOutput = inline_serializer("ChildGuardian", {
    "record_uid": serializers.UUIDField(), **{f.attribute: _serializer_field(f) for f in GUARDIAN_FIELDS}})
ChildOutput = inline_serializer("Child", {
    "record_uid": serializers.UUIDField(), "facility_id": serializers.IntegerField(),
    "facility": serializers.CharField(), "enrolled_on": serializers.DateField(),
    "left_on": serializers.DateField(allow_null=True),
    **{f.attribute: _serializer_field(f) for f in CHILD_FIELDS},
    "guardians": serializers.ListField(child=GuardianOutput, **_OPTIONAL),
    "household": serializers.ListField(child=HouseholdOutput, **_OPTIONAL),
    "fields_shown": serializers.ListField(child=serializers.CharField()),
    "fields_withheld": serializers.ListField(child=serializers.CharField()),
})

ChildrenOutput = serializers.ListSerializer(child=ChildOutput)


def _output(view: access.ChildView, *, guardians: bool) -> dict:
    body = {"record_uid": view.record_uid, "facility_id": view.facility_id, "facility": view.facility,
            "enrolled_on": view.enrolled_on, "left_on": view.left_on, **view.values}
    if guardians:
        body["guardians"] = [{"record_uid": g.record_uid, **g.values} for g in view.guardians]
        if view.household:
            body["household"] = [{"record_uid": m.record_uid, **m.values} for m in view.household]
    body["fields_shown"] = list(view.fields)
    body["fields_withheld"] = list(view.withheld)
    return body


class ChildListApi(APIView):
    """The children the actor may see (name, kana, date of birth as permitted); ?facility=<id>, ?left=1.

    At most 1000, oldest record first: a department with more narrows by facility.
    """

    class Query(serializers.Serializer):
        facility = id_field(required=False)
        left = serializers.BooleanField(default=False, help_text="Include the children who left (1 or true)")

    @extend_schema(parameters=[Query], responses=ChildrenOutput)
    def get(self, request):
        query = query_params(self.Query, request)
        children = selectors.child_list(actor=request.user, facility_id=query.get("facility"),
                                        include_left=query["left"])
        views = access.children_read(actor=request.user, children=children[:1000], fields=LIST_FIELDS,
                                     purpose=access.PURPOSE_LIST)
        return Response([_output(v, guardians=False) for v in views])


class ChildDetailApi(APIView):
    """One child with its guardians: every field the actor's role may read."""

    @extend_schema(responses=ChildOutput)
    def get(self, request, record_uid: str):
        try:
            child = selectors.child_get(actor=request.user, record_uid=record_uid)
        except NotFound:
            child_read_denied(record_uid=record_uid)
            raise
        (view,) = access.children_read(actor=request.user, children=[child], fields=DETAIL_FIELDS,
                                       purpose=access.PURPOSE_DETAIL)
        return Response(_output(view, guardians=True))


SearchInput = inline_serializer("ChildSearch",
                                {key: serializers.CharField(**_OPTIONAL) for key in selectors.SEARCH_TERMS})


class ChildSearchApi(APIView):
    """Children the actor may see matching every term given (exact match, any width or spacing), those who left too.

    A POST, so that the names and numbers searched for never appear in a URL or an access log.
    """

    parser_classes = [JSONParser]

    @extend_schema(request=SearchInput, responses=ChildrenOutput)
    def post(self, request):
        if not isinstance(request.data, dict):
            raise InvalidInput(_("The search is a JSON object of terms, e.g. {\"name\": \"…\"}"))
        for key, value in request.data.items():
            if not isinstance(value, str):
                raise InvalidInput(_("The search term %(key)s must be a string") % {"key": key}, field=key)
        views = access.children_search(actor=request.user, terms=dict(request.data), fields=LIST_FIELDS, limit=1000)
        # A guardian's phone or e-mail matched is shown with the guardians it belongs to.
        return Response([_output(v, guardians=bool(v.guardians)) for v in views])
