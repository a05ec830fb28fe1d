"""Audit event names of deletion requests (registered in GovernanceConfig.ready)."""

DELETION_EVENTS: dict[str, str] = {
    "governance.deletion_request.opened": "A party was asked to erase the data named ledger entries carried to it",
    "governance.deletion_request.reminded": "A party was reminded that its deletion certificate is due soon",
    "governance.deletion_request.escalated": "A deletion certificate became overdue: notices and a finding raised",
    "governance.deletion_request.viewed": "A deletion request was opened on a page or through the API",
    "governance.deletion_certificate.uploaded": "A party uploaded a deletion certificate (PDF stored encrypted)",
    "governance.deletion_certificate.refused": "A deletion certificate upload was refused",
    "governance.deletion_certificate.confirmed": "The ward confirmed a deletion certificate; the request closed",
    "governance.deletion_certificate.rejected": "The ward rejected a deletion certificate, with a reason",
    "governance.deletion_certificate.downloaded": "A deletion certificate's PDF was downloaded",
    "governance.certification.expiry_noticed": "Notices were raised for certifications expiring or expired",
    "governance.subject_trail.queried": "An auditor looked up the trail of one data subject",
}
