"""The registry: what personal data each business holds and where it flows."""

from governance.registry.models.business import (
    Certification,
    CertificationKind,
    DataItem,
    FacilityUse,
    ItemCategory,
    PreApprovalCriterion,
    PreApprovalExample,
    RegisteredBusiness,
    Subject,
)
from governance.registry.models.versioned import (
    ConnectionDirection,
    ConnectionItem,
    ConnectionVersion,
    ContractDirection,
    ContractItem,
    ContractParty,
    ContractVersion,
    DatePrecision,
    ExternalConnection,
    LegalBasis,
    Line,
    OutOfPurposeUse,
    OutOfPurposeVersion,
    OutsourcingContract,
    ProcessingActivity,
    ProcessingVersion,
    VersionState,
)

__all__ = [
    "Certification", "CertificationKind", "ConnectionDirection", "ConnectionItem", "ConnectionVersion",
    "ContractDirection", "ContractItem", "ContractParty", "ContractVersion", "DataItem", "DatePrecision",
    "ExternalConnection",
    "FacilityUse", "ItemCategory", "LegalBasis", "Line", "OutOfPurposeUse", "OutOfPurposeVersion",
    "OutsourcingContract", "PreApprovalCriterion", "PreApprovalExample", "ProcessingActivity", "ProcessingVersion",
    "RegisteredBusiness", "Subject", "VersionState",
]
