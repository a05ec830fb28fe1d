"""Payment slips as rows of the registry's data items, for the exchange gate (registered in apps.py).

The gate passes only the items the approved channel allows the party, so an export to the e-money
operator carries its subset (seed 001: 下線の情報項目のみ) whatever the caller asks for.
"""

from collections.abc import Iterator

from governance.exchange.builders import PayloadRequest
from payments.slips.barcode import barcode_parse
from payments.slips.models import Slip

PAYLOAD = "payments.slips"


def slip_rows(request: PayloadRequest) -> Iterator[dict]:
    """One row per slip, keyed by the barcode's items as seed 001 names them (バーコード情報)."""
    slips = Slip.objects.filter(municipality_id=request.municipality_id, pk__in=request.record_ids).order_by("pk")
    for slip in slips.iterator(chunk_size=2000):
        barcode = barcode_parse(slip.barcode)
        yield {
            "識別コード": slip.barcode[:2],
            "メーカーコード": barcode.company_code,
            "年度": slip.fiscal_year,
            "納付書番号": slip.slip_number,
            "再発行区分": slip.reissue,
            "支払い期限日": barcode.deadline.isoformat(),
            "印紙フラグ": barcode.stamp_flag,
            "支払い金額": slip.amount,
        }


def slip_payers(request: PayloadRequest) -> Iterator[tuple[str, int]]:
    """Whose data the slips carry: their payers (納付義務者), as the gate records them in the ledger."""
    payers = Slip.objects.filter(municipality_id=request.municipality_id, pk__in=request.record_ids).values_list(
        "charge__payer_id", flat=True).distinct()
    for payer_id in payers.iterator(chunk_size=2000):
        yield "payments.payer", payer_id
