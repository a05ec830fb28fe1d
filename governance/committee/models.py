# ruff: noqa: E501 — Japanese examples in help texts; wide characters count double.
"""The privacy committee (個人情報保護管理運営会議 / 審議会): meetings, submissions (付議事項), checklists,
decisions that bind frozen registry versions, conditions, and pre-approval criterion applications.

States and who may move a submission are decided by the policy `committee` (policies/rego/committee);
writes go through governance.committee.services.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from governance.registry.models import (
    ConnectionVersion,
    ContractVersion,
    ExternalConnection,
    OutOfPurposeUse,
    OutOfPurposeVersion,
    OutsourcingContract,
    PreApprovalCriterion,
    PreApprovalExample,
    ProcessingActivity,
    ProcessingVersion,
)
from governance.tenancy.models import Department, Municipality, User


class CommitteeMeeting(models.Model):
    """会議 — one sitting of the committee, e.g. 令和6年度第3回, with numbered agenda items."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="committee_meetings")
    body = models.CharField(max_length=100, default="個人情報保護管理運営会議",
                            help_text="The deciding body, e.g. 個人情報保護管理運営会議 or 審議会")
    fiscal_year = models.PositiveSmallIntegerField(help_text="年度 as a Western year: 2024 is 令和6年度")
    number = models.PositiveSmallIntegerField(null=True, blank=True,
                                              help_text="第N回 within the fiscal year; blank when known by date only")
    held_on = models.DateField()
    label = models.CharField(max_length=100, help_text="e.g. 令和6年度第3回")

    class Meta:
        verbose_name = _("committee meeting")
        ordering = ["municipality", "-held_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "body", "fiscal_year", "number"],
                                    name="meeting_unique_number"),
        ]

    def __str__(self):
        return self.label


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    APPROVED = "approved", _("approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("approved with conditions")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REVOKED = "revoked", _("approval revoked")


APPROVED_STATES = (SubmissionState.APPROVED, SubmissionState.APPROVED_WITH_CONDITIONS)


class Submission(models.Model):
    """付議事項 — what a department asks the committee to approve: one or more registry parts."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="submissions")
    title = models.CharField(max_length=300, help_text="件名")
    basis = models.CharField(max_length=200, blank=True, help_text="要綱の根拠, e.g. 第3条第1項第3号（外部結合、業務委託）")
    departments = models.ManyToManyField(Department, related_name="submissions", help_text="担当部課")
    programme_name = models.CharField(max_length=300, blank=True, help_text="事業名")
    purpose = models.TextField(blank=True, help_text="目的")
    subjects = models.TextField(blank=True, help_text="対象者")
    content = models.TextField(blank=True, help_text="事業内容")
    subject_count = models.PositiveIntegerField(null=True, blank=True, help_text="対象者数")
    subject_count_note = models.CharField(max_length=300, blank=True, help_text="e.g. 約6,000人/年")
    current_process = models.TextField(blank=True, help_text="現行の処理, a row of 練馬区's form")
    state = models.CharField(max_length=30, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    meeting = models.ForeignKey(CommitteeMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="submissions")
    agenda_number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="議題番号 at the meeting")
    amends = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
                               help_text="The approved submission this one amends (e.g. 委託内容の追加)")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("committee submission")
        ordering = ["municipality", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "agenda_number"], condition=Q(agenda_number__isnull=False),
                                    name="submission_unique_agenda_number"),
        ]

    def __str__(self):
        return self.title


class PartKindChoice(models.TextChoices):
    PROCESSING = "processing", _("processing")
    CONNECTION = "connection", _("external connection")
    CONTRACT = "contract", _("outsourcing")
    OUT_OF_PURPOSE_USE = "out_of_purpose_use", _("out-of-purpose use")


class SubmissionPart(models.Model):
    """One registry part a submission covers, at the exact version the committee sees."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="parts")
    kind = models.CharField(max_length=20, choices=PartKindChoice.choices)
    processing = models.ForeignKey(ProcessingActivity, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="submission_parts")
    connection = models.ForeignKey(ExternalConnection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="submission_parts")
    contract = models.ForeignKey(OutsourcingContract, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="submission_parts")
    out_of_purpose_use = models.ForeignKey(OutOfPurposeUse, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="submission_parts")
    processing_version = models.ForeignKey(ProcessingVersion, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    connection_version = models.ForeignKey(ConnectionVersion, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    contract_version = models.ForeignKey(ContractVersion, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")
    out_of_purpose_version = models.ForeignKey(OutOfPurposeVersion, null=True, blank=True, on_delete=models.PROTECT,
                                               related_name="+")
    annex_title = models.CharField(max_length=300, blank=True,
                                   help_text="件名 of its 別紙; parts of one kind with the same 件名 share a 別紙")
    submitted_hash = models.CharField(max_length=64, blank=True,
                                      help_text="The version's snapshot hash when submitted; approval requires it unchanged")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["submission", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="processing", processing__isnull=False, processing_version__isnull=False)
                           | Q(kind="connection", connection__isnull=False, connection_version__isnull=False)
                           | Q(kind="contract", contract__isnull=False, contract_version__isnull=False)
                           | Q(kind="out_of_purpose_use", out_of_purpose_use__isnull=False,
                               out_of_purpose_version__isnull=False)),
                name="submission_part_matches_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.part}"

    @property
    def part(self):
        return getattr(self, self.kind)

    @property
    def version(self):
        return getattr(self, f"{'out_of_purpose' if self.kind == 'out_of_purpose_use' else self.kind}_version")


class Attachment(models.Model):
    """資料 — a numbered attachment of a submission, e.g. 資料74-1 (flow diagram), 資料74-2 (item list)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    label = models.CharField(max_length=50, help_text="e.g. 資料74-1")
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200, blank=True)
    content = models.BinaryField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["submission", "label"]
        constraints = [models.UniqueConstraint(fields=["submission", "label"], name="attachment_unique_label")]

    def __str__(self):
        return f"{self.label} {self.title}"


class ChecklistKind(models.TextChoices):
    EXTERNAL_CONNECTION = "external_connection", _("external connection checklist")
    OUTSOURCING = "outsourcing", _("outsourcing checklist")


class Checklist(models.Model):
    """チェックリスト — the protection-measure checklist of one part of a submission, in a template's wording."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="checklists")
    submission_part = models.OneToOneField(SubmissionPart, on_delete=models.CASCADE, related_name="checklist")
    kind = models.CharField(max_length=30, choices=ChecklistKind.choices)
    template = models.CharField(max_length=50, help_text="Template code in governance.committee.checklists")

    class Meta:
        ordering = ["submission", "submission_part__order"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.submission_part})"


class Mark(models.TextChoices):
    IN_PLACE = "○", _("○ measure in place")
    NOT_NEEDED = "−", _("− not needed")


class ChecklistAnswer(models.Model):
    """One item of a checklist answered for one side: ○, or − with a reason; who answered, when."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="answers")
    code = models.CharField(max_length=20, help_text="e.g. ward.op.3")
    answer = models.CharField(max_length=1, choices=Mark.choices)
    reason = models.TextField(blank=True)
    item_text = models.TextField(blank=True, help_text="The item's wording when answered; an answer to wording "
                                                       "since changed (an edited measure) is asked again")
    answered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["checklist", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "code"], name="checklist_answer_unique"),
            models.CheckConstraint(condition=~Q(answer="−") | ~Q(reason=""), name="checklist_dash_needs_reason"),
        ]

    def __str__(self):
        return f"{self.code} {self.answer}"


class Evidence(models.Model):
    """An evidence file for an answered checklist item (e.g. the contract's 特記事項)."""

    answer = models.ForeignKey(ChecklistAnswer, on_delete=models.CASCADE, related_name="evidence")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["answer", "pk"]

    def __str__(self):
        return self.filename


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("approved with conditions")
    REJECTED = "rejected", _("rejected")


class Decision(models.Model):
    """決定 — the committee's decision on a submission. An approval binds the exact frozen versions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="committee_decisions")
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="decision")
    meeting = models.ForeignKey(CommitteeMeeting, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=DecisionOutcome.choices)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    revoke_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("committee decision")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.meeting} {self.get_outcome_display()}: {self.submission}"


class DecisionPart(models.Model):
    """A registry part version a decision approved, with the content hash it had when frozen."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="bound_parts")
    submission_part = models.OneToOneField(SubmissionPart, on_delete=models.PROTECT, related_name="decision_part")
    kind = models.CharField(max_length=20, choices=PartKindChoice.choices)
    connection = models.ForeignKey(ExternalConnection, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="decision_parts")
    contract = models.ForeignKey(OutsourcingContract, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="decision_parts")
    version_number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["decision", "submission_part__order"]

    def __str__(self):
        return f"{self.submission_part} v{self.version_number} {self.content_hash[:12]}"


class Condition(models.Model):
    """承認条件 — a condition attached to an approval, tracked until it is closed."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closing_note = models.TextField(blank=True)

    class Meta:
        ordering = ["submission", "pk"]

    def __str__(self):
        return self.text[:50]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CriterionApplication(models.Model):
    """事前一括承認基準の適用 — an out-of-purpose use approved under a pre-approval criterion type."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="criterion_applications")
    use = models.ForeignKey(OutOfPurposeUse, on_delete=models.PROTECT, related_name="criterion_applications")
    version = models.ForeignKey(OutOfPurposeVersion, on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64)
    criterion = models.ForeignKey(PreApprovalCriterion, on_delete=models.PROTECT, related_name="applications")
    example = models.ForeignKey(PreApprovalExample, on_delete=models.PROTECT, related_name="+")
    applied_on = models.DateField()
    applied_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True, help_text="概要 of the application as the using department wrote it")
    attachments = models.JSONField(default=list, blank=True, help_text="添付資料, one title a line")

    class Meta:
        ordering = ["-applied_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["use", "version"], name="criterion_application_unique")]

    def __str__(self):
        return f"{self.criterion}: {self.use}"
