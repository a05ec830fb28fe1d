"""Rendering slips for print (the PDF is a read of slips; it is audited as one)."""

from django.db import transaction

from audit.services import audit_record
from payments.models import Slip
from payments.pdf import slips_pdf


@transaction.atomic
def slips_print(*, actor, slips: list[Slip]) -> bytes:
    """The PDF of the given slips (already narrowed to the actor), recorded as printed."""
    pdf = slips_pdf(slips)
    for tenant_id in sorted({s.municipality_id for s in slips}):
        audit_record("payments.slip.printed", object_type="payments.slip", tenant_id=tenant_id,
                     data={"slip_ids": [s.pk for s in slips if s.municipality_id == tenant_id]})
    return pdf
