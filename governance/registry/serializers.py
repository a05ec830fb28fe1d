"""Output shapes of the registry API (inputs are plain objects checked field by field in the services)."""

from rest_framework import serializers

from governance.registry.snapshots import snapshot_of


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
