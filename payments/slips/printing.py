"""Rendering slips for print (the PDF is a read of slips and of their payers' personal fields; audited as both)."""

from django.db import transaction

from audit.services import audit_record, record_access
from payments.catalog.models import Payer
from payments.slips.models import Slip
from payments.slips.pdf import slips_pdf

PURPOSE = "納付書の作成・送付"
# What a slip shows of its payer (the 宛名).
SLIP_PAYER_FIELDS = ("氏名", "住所")


@transaction.atomic
def slips_print(*, actor, slips: list[Slip], progress=None) -> bytes:
    """The PDF of the given slips (already narrowed to the actor), recorded as printed and, per tenant,
    as one read of the payers' names and addresses; ``progress(done, total, stage)`` is told of each slip drawn."""
    pdf = slips_pdf(slips, progress=progress)
    for tenant_id in sorted({s.municipality_id for s in slips}):
        mine = [s for s in slips if s.municipality_id == tenant_id]
        audit_record("payments.slip.printed", object_type="payments.slip", tenant_id=tenant_id,
                     data={"slip_ids": [s.pk for s in mine]})
        shown = sorted({s.charge.payer_id for s in mine if not s.charge.payer.erased})
        if shown:
            record_access(subjects=[(Payer._meta.label_lower, pk) for pk in shown], fields=SLIP_PAYER_FIELDS,
                          purpose=PURPOSE, tenant_id=tenant_id)
    return pdf
