"""Governance's models, one module per concern; importing this package registers them all with Django."""

from governance.models import registry
from governance.models.committee import (
    Attachment,
    Checklist,
    ChecklistAnswer,
    CommitteeMeeting,
    Condition,
    CriterionApplication,
    Decision,
    DecisionPart,
    Evidence,
    Submission,
    SubmissionPart,
)
from governance.models.deletion import (
    DeletionCertificate,
    DeletionNotice,
    DeletionRequest,
    DeletionRequestEntry,
    LedgerSubject,
)
from governance.models.exchange import Direction, HandoverLedgerEntry
from governance.models.keys import DataKey, KeyRing, KeyRotation, KeyVersion, RetiredMasterKey
from governance.models.retention import (
    RetentionAction,
    RetentionErasure,
    RetentionProgress,
    RetentionRule,
    RetentionRun,
    RetentionTrigger,
)
from governance.models.security import EnrolmentCode, LoginFailure, RecoveryCode, TotpDevice
from governance.models.tenancy import Department, Facility, Membership, Municipality, Party, Position, Role, User

__all__ = [
    "Attachment", "Checklist", "ChecklistAnswer", "CommitteeMeeting", "Condition", "CriterionApplication", "DataKey",
    "Decision", "DecisionPart", "DeletionCertificate", "DeletionNotice", "DeletionRequest", "DeletionRequestEntry",
    "Department", "Direction", "EnrolmentCode", "Evidence", "Facility", "HandoverLedgerEntry", "KeyRing",
    "KeyRotation", "KeyVersion",
    "LedgerSubject", "LoginFailure", "Membership", "Municipality", "Party", "Position", "RecoveryCode",
    "RetentionAction", "RetentionErasure", "RetentionProgress", "RetentionRule", "RetentionRun", "RetentionTrigger",
    "RetiredMasterKey", "Role", "Submission", "SubmissionPart", "TotpDevice", "User", "registry",
]
