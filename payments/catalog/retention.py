"""Payments' retention source, registered with governance (called from PaymentsConfig.ready).

A payer's personal fields are kept for the period its business's rule says after the last day one of
their slips could be paid (``Payer.last_used_on``); crypto-shredding then erases name, kana, address and
phone while the slips, receipts and amounts stay for the accounts (pages show the payer as erased).
"""


def retention_sources_register() -> None:
    from governance.retention.sources import register_source
    from payments.catalog.models import Payer

    register_source(name="payments.payer", model=Payer, triggers={"last_use": "last_used_on"}, subject_type="payer")
