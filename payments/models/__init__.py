from payments.models.catalog import Channel, ChannelKind, Charge, CollectionAgreement, FeeType, Payer
from payments.models.collection import (
    CaseKind,
    CaseStatus,
    DataKind,
    PaymentRecord,
    Receipt,
    ReceiptStatus,
    ReconciliationCase,
    ResultFile,
)
from payments.models.slips import Slip, SlipCounter, SlipStatus

__all__ = [
    "CaseKind", "CaseStatus", "Channel", "ChannelKind", "Charge", "CollectionAgreement", "DataKind", "FeeType",
    "Payer", "PaymentRecord", "Receipt", "ReceiptStatus", "ReconciliationCase", "ResultFile", "Slip",
    "SlipCounter", "SlipStatus",
]
