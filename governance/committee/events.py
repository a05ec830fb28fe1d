"""Audit event names the committee workflow records (registered in GovernanceConfig.ready)."""

COMMITTEE_EVENTS: dict[str, str] = {
    "governance.meeting.created": "A committee meeting was scheduled",
    "governance.submission.created": "A committee submission was drafted",
    "governance.submission.updated": "A draft committee submission was edited",
    "governance.submission.part_added": "A registry part was added to a draft submission",
    "governance.submission.attachment_added": "A numbered attachment was added to a submission",
    "governance.submission.scheduled": "A submission was put on a meeting's agenda",
    "governance.submission.submitted": "A submission was submitted to the committee",
    "governance.submission.withdrawn": "A submission was withdrawn",
    "governance.submission.review_started": "The committee started reviewing a submission",
    "governance.submission.approved": "The committee approved a submission",
    "governance.submission.approved_with_conditions": "The committee approved a submission with conditions",
    "governance.submission.rejected": "The committee rejected a submission",
    "governance.submission.revoked": "The committee revoked an approval",
    "governance.submission.amendment_created": "An amendment of an approved submission was drafted",
    "governance.checklist.answered": "Checklist items were answered",
    "governance.checklist.evidence_added": "Evidence was attached to a checklist answer",
    "governance.condition.closed": "A condition of an approval was closed",
    "governance.criterion.applied": "An out-of-purpose use was approved under a pre-approval criterion",
    "governance.committee.seeded": "The seed documents' committee decisions were loaded",
}
