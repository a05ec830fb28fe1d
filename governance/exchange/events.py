"""Audit event names of the exchange gate and its ledger."""

EXCHANGE_EVENTS = {
    "governance.exchange.completed": "Personal data crossed the ward's boundary through the gate",
    "governance.exchange.denied": "The exchange gate refused an exchange",
    "governance.exchange.incoming_settled": "A received file was taken in, found already taken in, or refused",
    "governance.ledger.exported": "The handover ledger was exported as CSV",
    "governance.exchange_file.downloaded": "An encrypted exchange file was downloaded",
    "governance.ledger.purpose_erased": "An administrator erased the text written about an exchange",
}
