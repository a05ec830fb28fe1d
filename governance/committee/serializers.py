"""Shapes of the committee API. Inputs are checked field by field in the views and services (which name the field
at fault); the input serializers here describe them for the schema."""

from rest_framework import serializers

from common.api import id_field


class PartRowOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    part = serializers.IntegerField()
    title = serializers.CharField()
    annex_title = serializers.CharField(help_text="件名 of its 別紙 (blank: the part's title)")
    version = serializers.IntegerField()
    version_state = serializers.CharField()
    content_hash = serializers.CharField(allow_null=True)
    checklist = serializers.IntegerField(allow_null=True)


class AttachmentOutput(serializers.Serializer):
    label = serializers.CharField()
    title = serializers.CharField()
    filename = serializers.CharField()
    sha256 = serializers.CharField()


class UnansweredOutput(serializers.Serializer):
    part = serializers.CharField()
    code = serializers.CharField()


class BoundVersionOutput(serializers.Serializer):
    kind = serializers.CharField()
    version = serializers.IntegerField()
    content_hash = serializers.CharField()


class DecisionOutput(serializers.Serializer):
    outcome = serializers.CharField()
    meeting = serializers.CharField()
    decided_on = serializers.DateField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    versions = BoundVersionOutput(many=True)


class ConditionClosedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    open = serializers.BooleanField()
    closing_note = serializers.CharField(allow_blank=True)


class ConditionOutput(ConditionClosedOutput):
    text = serializers.CharField()


class EvidenceOutput(serializers.Serializer):
    filename = serializers.CharField()
    sha256 = serializers.CharField()


class EvidenceCreatedOutput(EvidenceOutput):
    id = serializers.IntegerField()


class ChecklistRowOutput(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    required = serializers.BooleanField()
    answer = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    answered_by = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    evidence = EvidenceOutput(many=True)


class TemplateSectionOutput(serializers.Serializer):
    side = serializers.CharField()
    kind = serializers.CharField()
    heading = serializers.CharField()


class ChecklistSectionOutput(TemplateSectionOutput):
    items = ChecklistRowOutput(many=True)


class ChecklistPairOutput(serializers.Serializer):
    kind = serializers.CharField()
    ward = ChecklistSectionOutput()
    party = ChecklistSectionOutput()


class ChecklistOutput(serializers.Serializer):
    id = serializers.IntegerField()
    template = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField(allow_blank=True)
    column_heading = serializers.CharField(allow_blank=True)
    part = serializers.CharField()
    sections = ChecklistSectionOutput(many=True)
    pairs = ChecklistPairOutput(many=True)
    answered = serializers.IntegerField()
    total = serializers.IntegerField()


class TemplateItemOutput(serializers.Serializer):
    code = serializers.CharField()
    side = serializers.CharField()
    kind = serializers.CharField()
    number = serializers.IntegerField()
    text = serializers.CharField()
    required = serializers.BooleanField()


class ChecklistTemplateOutput(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    subtitle = serializers.CharField(allow_blank=True)
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Items per section")
    sections = TemplateSectionOutput(many=True)
    items = TemplateItemOutput(many=True)


class DecisionSummaryOutput(serializers.Serializer):
    submission = serializers.IntegerField()
    title = serializers.CharField()
    outcome = serializers.CharField()
    meeting = serializers.CharField()
    decided_on = serializers.DateField()
    revoked = serializers.BooleanField()


class AmendmentChangeOutput(serializers.Serializer):
    part = serializers.CharField()
    kind = serializers.CharField()
    approved_version = serializers.IntegerField(allow_null=True)
    amended_version = serializers.IntegerField()
    changes = serializers.ListField(child=serializers.DictField(), help_text="As in a registry version diff")


class CriterionApprovalOutput(serializers.Serializer):
    approved_under = serializers.CharField()
    version = serializers.IntegerField()
    content_hash = serializers.CharField()


class MeetingInput(serializers.Serializer):
    municipality = id_field(required=False, help_text="When the caller acts for several")
    held_on = serializers.DateField()
    number = serializers.IntegerField(required=False, allow_null=True, help_text="第N回; or give a label")
    fiscal_year = serializers.IntegerField(required=False)
    body = serializers.CharField(required=False)
    label = serializers.CharField(required=False)


class SubmissionInput(serializers.Serializer):
    municipality = id_field(required=False, help_text="On creation, when the caller acts for several")
    title = serializers.CharField(required=False)
    basis = serializers.CharField(required=False)
    programme_name = serializers.CharField(required=False)
    purpose = serializers.CharField(required=False)
    subjects = serializers.CharField(required=False)
    content = serializers.CharField(required=False)
    subject_count = serializers.IntegerField(required=False, allow_null=True)
    subject_count_note = serializers.CharField(required=False)
    current_process = serializers.CharField(required=False, help_text="現行の処理 (練馬区's form)")
    departments = serializers.ListField(child=id_field(), required=False)


class SubmissionPartInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["processing", "connection", "contract", "out_of_purpose_use"])
    part = id_field()
    checklist_template = serializers.CharField(required=False)
    annex_title = serializers.CharField(required=False, help_text="件名 of its 別紙; the same 件名 shares one 別紙")


class AttachmentInput(serializers.Serializer):
    label = serializers.CharField(required=False)
    title = serializers.CharField(required=False)
    filename = serializers.CharField(required=False)
    content_base64 = serializers.CharField(required=False)


class ChecklistAnswerItemInput(serializers.Serializer):
    code = serializers.CharField()
    answer = serializers.CharField()
    reason = serializers.CharField(required=False)


class ChecklistAnswersInput(serializers.Serializer):
    answers = ChecklistAnswerItemInput(many=True)


class EvidenceInput(serializers.Serializer):
    code = serializers.CharField()
    filename = serializers.CharField()
    content_base64 = serializers.CharField()


class TransitionInput(serializers.Serializer):
    transition = serializers.ChoiceField(choices=["submit", "withdraw", "start_review", "approve",
                                                  "approve_with_conditions", "reject", "revoke"])
    meeting = id_field(required=False, allow_null=True, help_text="On a decision")
    conditions = serializers.ListField(child=serializers.CharField(), required=False, help_text="On a decision")
    note = serializers.CharField(required=False, help_text="On a decision")
    decided_on = serializers.DateField(required=False, help_text="On a decision")
    reason = serializers.CharField(required=False, help_text="On a revocation")


class AmendmentInput(serializers.Serializer):
    title = serializers.CharField(required=False)
    content = serializers.CharField(required=False)


class ConditionCloseInput(serializers.Serializer):
    note = serializers.CharField(required=False)


class OutOfPurposeRequestInput(serializers.Serializer):
    type_number = serializers.IntegerField(required=False, allow_null=True,
                                           help_text="The pre-approval criterion (類型) to apply under")
    summary = serializers.CharField(required=False, help_text="概要 of the application, as the department writes it")
    attachments = serializers.ListField(child=serializers.CharField(), required=False, help_text="添付資料")
