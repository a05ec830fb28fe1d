"""Shapes of the registry API. Inputs are checked field by field in the services (which name the field at fault);
the input serializers here describe them for the schema."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from common.api import id_field
from governance.registry.models import ItemCategory, Subject
from governance.registry.snapshots import snapshot_of
from governance.tenancy.models import PartyRole, PartySelection


class CertificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    number = serializers.CharField()
    scope = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)


class PartyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(source="municipality.name")
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    description = serializers.CharField()
    address = serializers.CharField()
    selection = serializers.CharField()
    selection_note = serializers.CharField()
    certification_note = serializers.CharField()
    hosting_country = serializers.CharField()
    japanese_law_applies = serializers.BooleanField(allow_null=True)
    certifications = CertificationOutput(many=True, source="certifications.all")


class BusinessOutput(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = serializers.CharField(source="municipality.name")
    number = serializers.CharField()
    name = serializers.CharField()
    department = serializers.CharField(source="department.name")
    department_id = serializers.IntegerField()
    other_departments = serializers.SerializerMethodField()
    purpose = serializers.CharField()
    privacy_officer_title = serializers.CharField()
    subject_scope = serializers.CharField()
    subject_count = serializers.IntegerField(allow_null=True)
    subject_count_note = serializers.CharField()

    def get_other_departments(self, business) -> list[str]:
        return [d.name for d in business.other_departments.all()]


class DataItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    business_id = serializers.IntegerField()
    subject = serializers.CharField()
    group = serializers.CharField()
    name = serializers.CharField()
    label = serializers.CharField()
    category = serializers.CharField()
    sensitive = serializers.BooleanField()
    sensitive_reason = serializers.CharField()
    order = serializers.IntegerField()


class VersionSummaryOutput(serializers.Serializer):
    number = serializers.IntegerField()
    state = serializers.CharField()
    created_at = serializers.DateTimeField()
    frozen_at = serializers.DateTimeField(allow_null=True)
    frozen_reason = serializers.CharField()
    content_hash = serializers.CharField()


class VersionOutput(VersionSummaryOutput):
    snapshot = serializers.SerializerMethodField()

    def get_snapshot(self, version) -> dict:
        return snapshot_of(version)


class FacilityUseOutput(serializers.Serializer):
    facility = serializers.CharField(source="facility.name")
    address = serializers.CharField()
    capacity = serializers.IntegerField(allow_null=True)
    operator = serializers.CharField(source="operator.name", allow_null=True, default=None)


@extend_schema_serializer(component_name="RegistryFinding")
class FindingOutput(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.CharField()
    message = serializers.CharField()
    references = serializers.ListField(child=serializers.DictField())


class CriterionExampleOutput(serializers.Serializer):
    providing_business = serializers.CharField()
    using_business = serializers.CharField()


class CriterionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    type_number = serializers.IntegerField()
    description = serializers.CharField()
    examples = CriterionExampleOutput(many=True, source="examples.all")


class PartOfBusinessOutput(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = VersionSummaryOutput(help_text="The latest version")


class BusinessDetailOutput(BusinessOutput):
    items = DataItemOutput(many=True)
    parties = PartyOutput(many=True)
    processing = PartOfBusinessOutput(many=True)
    connections = PartOfBusinessOutput(many=True)
    contracts = PartOfBusinessOutput(many=True)
    out_of_purpose_uses = PartOfBusinessOutput(many=True)
    facility_uses = FacilityUseOutput(many=True)


class FlowNodeOutput(serializers.Serializer):
    id = serializers.CharField(help_text="ward, subjects or party:<id>")
    kind = serializers.ChoiceField(choices=["ward", "subjects", "party"])
    label = serializers.CharField()
    selection = serializers.CharField(required=False)
    roles = serializers.ListField(child=serializers.CharField(), required=False)


class FlowViaOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["connection", "contract"])
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    line = serializers.CharField(allow_null=True)


class FlowEdgeOutput(serializers.Serializer):
    source = serializers.CharField()
    target = serializers.CharField()
    items = serializers.ListField(child=serializers.CharField())
    via = FlowViaOutput()
    note = serializers.CharField(allow_blank=True)


class FlowGraphOutput(serializers.Serializer):
    nodes = FlowNodeOutput(many=True)
    edges = FlowEdgeOutput(many=True)


class PartOutput(serializers.Serializer):
    """A processing activity, connection, contract or out-of-purpose use with its versions."""

    id = serializers.IntegerField()
    municipality = serializers.CharField()
    title = serializers.CharField()
    latest = VersionOutput()
    versions = VersionSummaryOutput(many=True)


class RegistryChangeOutput(serializers.Serializer):
    """One change between two versions: "changed" carries old and new, "added"/"removed" the value."""

    path = serializers.CharField()
    change = serializers.ChoiceField(choices=["changed", "added", "removed"])
    value = serializers.JSONField(required=False)
    old = serializers.JSONField(required=False)
    new = serializers.JSONField(required=False)


class BusinessQuery(serializers.Serializer):
    municipality = id_field(required=False)
    department = id_field(required=False)
    number = serializers.CharField(required=False, allow_blank=True, max_length=50)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, help_text="Part of the name")


class DataItemQuery(serializers.Serializer):
    business = id_field(required=False)
    subject = serializers.ChoiceField(choices=Subject.choices, required=False)
    sensitive = serializers.BooleanField(required=False, allow_null=True, default=None)


class PartyQuery(serializers.Serializer):
    municipality = id_field(required=False)
    role = serializers.ChoiceField(choices=PartyRole.choices, required=False)
    selection = serializers.ChoiceField(choices=PartySelection.choices, required=False)


class PartQuery(serializers.Serializer):
    business = id_field(required=False)
    party = id_field(required=False)
    municipality = id_field(required=False)


class BusinessInput(serializers.Serializer):
    municipality = id_field(required=False, help_text="On creation, when the caller acts for several")
    number = serializers.CharField(required=False, max_length=200)
    name = serializers.CharField(required=False, max_length=200)
    department = id_field(required=False)
    other_departments = serializers.ListField(child=id_field(), required=False)
    purpose = serializers.CharField(required=False)
    privacy_officer_title = serializers.CharField(required=False, max_length=200)
    subject_scope = serializers.CharField(required=False)
    subject_count = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    subject_count_note = serializers.CharField(required=False, max_length=200)


class DataItemInput(serializers.Serializer):
    business = id_field(required=False, help_text="On creation: the business the item belongs to")
    subject = serializers.ChoiceField(choices=Subject.choices, required=False)
    group = serializers.CharField(required=False)
    name = serializers.CharField(required=False)
    category = serializers.ChoiceField(choices=ItemCategory.choices, required=False, allow_blank=True)
    sensitive = serializers.BooleanField(required=False)
    sensitive_reason = serializers.CharField(required=False, allow_blank=True)
    order = serializers.IntegerField(required=False)


class PartyInput(serializers.Serializer):
    municipality = id_field(required=False, help_text="On creation, when the caller acts for several")
    name = serializers.CharField(required=False)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=PartyRole.choices), required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    selection = serializers.ChoiceField(choices=PartySelection.choices, required=False)
    selection_note = serializers.CharField(required=False, allow_blank=True)
    certification_note = serializers.CharField(required=False, allow_blank=True)
    hosting_country = serializers.CharField(required=False, allow_blank=True)
    japanese_law_applies = serializers.BooleanField(required=False, allow_null=True)


class PartContentInput(serializers.Serializer):
    content = serializers.DictField(help_text="The fields of the version to change, as in the snapshot")


class PartCreateInput(PartContentInput):
    business = id_field(required=False, help_text="A processing activity's business")
    businesses = serializers.ListField(child=id_field(), required=False,
                                       help_text="A connection's or contract's businesses")
    title = serializers.CharField(required=False)
    using_business = id_field(required=False, help_text="An out-of-purpose use's using business")
    providing_business = id_field(required=False, help_text="An out-of-purpose use's providing business")
    content = serializers.DictField(required=False)
