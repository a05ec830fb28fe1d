"""The one place an inbound result file crosses the ward's boundary: through the exchange gate.

``result_file_receive`` is called by ``payments.collection.services.payment_file_import`` (and only there)
before anything is read into the database. It asks the gate to receive, over the agreement's approved
connection (seed 001: the collection service's LGWAN connection), a file carrying the layout's data
items; a denial (ExchangeDenied, with every reason) stops the import and nothing is applied. Once the
file is judged, ``result_file_settle`` records on the same entry whether it was taken in, was already
taken in, or was refused (with its problems), so the ledger tells the three apart.
"""

from django.utils.translation import gettext_lazy as _

from common.errors import Forbidden
from governance.exchange.gate import IncomingFile, exchange_request, incoming_file_settle
from governance.exchange.models import HandoverLedgerEntry
from payments.catalog.models import CollectionAgreement
from payments.collection.layouts import layout_get

PURPOSE = "収納データの取込（消込）"  # what the ledger (管理簿) says; its audit event carries the code
PURPOSE_CODE = "payments.result_file_import"
PAYMENTS_EXCHANGE_PURPOSES = {PURPOSE_CODE: _("importing the collection service's result files")}


def result_file_receive(*, actor, agreement: CollectionAgreement, sha256: str, record_count: int,
                        filename: str) -> HandoverLedgerEntry:
    """Admit one inbound result file of ``agreement``; returns its handover-ledger entry."""
    if agreement.connection_id is None:
        raise Forbidden(
            _(
                "The collection agreement %(agreement)s names no approved external connection: register it before "
                "importing its files"
            )
            % {
                "agreement": agreement,
            })
    result = exchange_request(
        actor=actor, channel=agreement.connection, party=agreement.party, direction="receive",
        fields=layout_get(agreement.layout).registry_items, purpose_code=PURPOSE_CODE, purpose=PURPOSE,
        incoming=IncomingFile(sha256=sha256, record_count=record_count, name=filename),
    )
    return result.entry


def result_file_settle(*, actor, entry: HandoverLedgerEntry, outcome: str, problems=(),
                       problem_count: int = 0) -> HandoverLedgerEntry:
    """Record on the file's ledger entry what became of it (``IncomingOutcome``)."""
    return incoming_file_settle(actor=actor, entry=entry, outcome=outcome, problems=problems,
                                problem_count=problem_count)
