"""Issuing and reissuing payment slips (納付書)."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, InvalidInput, NotFound
from payments.catalog.access import require_department
from payments.catalog.models import Charge, CollectionAgreement, Payer
from payments.slips.barcode import barcode_build, ward_key
from payments.slips.models import Slip, SlipCounter, SlipStatus


def _agreement(municipality_id: int) -> CollectionAgreement:
    agreement = CollectionAgreement.objects.filter(municipality_id=municipality_id).order_by("pk").first()
    if agreement is None:
        raise NotFound(_("This municipality has no collection agreement, so no slip can carry a barcode"))
    return agreement


def _next_number(municipality_id: int, fiscal_year: int) -> int:
    counter, _created = SlipCounter.objects.select_for_update().get_or_create(
        municipality_id=municipality_id, fiscal_year=fiscal_year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _create(*, charge: Charge, agreement: CollectionAgreement, slip_number: int, reissue: int, amount: int,
            due_date: datetime.date, handling_deadline: datetime.date, reissued_from: Slip | None) -> Slip:
    if handling_deadline < due_date:
        raise InvalidInput("The handling deadline (取扱期限) may not be before the due date", field="handling_deadline")
    key = ward_key(fiscal_year=charge.fiscal_year, fee_code=charge.fee_type.code, slip_number=slip_number)
    barcode = barcode_build(company_code=agreement.company_code, client_code=agreement.client_code, key=key,
                            reissue=reissue, deadline=handling_deadline, amount=amount,
                            amount_limit=agreement.amount_limit)
    # The payer's data is in use until the last day one of their slips can be paid: retention counts from it.
    Payer._base_manager.filter(Q(last_used_on__isnull=True) | Q(last_used_on__lt=handling_deadline),
                               pk=charge.payer_id).update(last_used_on=handling_deadline)
    return Slip.objects.create(
        municipality_id=charge.municipality_id, agreement=agreement, charge=charge, fee_type=charge.fee_type,
        fiscal_year=charge.fiscal_year, slip_number=slip_number, reissue=reissue, reissued_from=reissued_from,
        amount=amount, due_date=due_date, handling_deadline=handling_deadline, barcode=barcode.digits,
        slip_key=barcode.slip_key)


@transaction.atomic
def slip_issue(*, actor, charge: Charge, handling_deadline: datetime.date | None = None) -> Slip:
    """Issue the first slip for a charge, with its 44-digit barcode (stamp flag 0, amount within the store limit)."""
    require_department(actor, charge.fee_type.department, "issue slips for this fee")
    if charge.slips.exists():
        raise Conflict(_("This charge has a slip already; reissue it instead"), field="charge")
    agreement = _agreement(charge.municipality_id)
    slip = _create(charge=charge, agreement=agreement,
                   slip_number=_next_number(charge.municipality_id, charge.fiscal_year), reissue=0,
                   amount=charge.amount, due_date=charge.due_date,
                   handling_deadline=handling_deadline or charge.due_date, reissued_from=None)
    audit_record("payments.slip.issued", obj=slip, tenant_id=slip.municipality_id, data={"charge_id": charge.pk})
    return slip


@transaction.atomic
def slip_reissue(*, actor, slip: Slip, due_date: datetime.date, handling_deadline: datetime.date) -> Slip:
    """Reissue a slip: a new slip, same number, reissue digit raised; earlier slips stay payable.

    Refused once the charge is paid, even provisionally (a 速報 stops dunning and reissue).
    """
    slip = Slip.objects.select_for_update().select_related("charge__fee_type__department").get(pk=slip.pk)
    charge = slip.charge
    require_department(actor, charge.fee_type.department, "reissue slips for this fee")
    # Reconciliation keeps each slip's status in step with its receipts, in the same transaction.
    if charge.slips.filter(status__in=(SlipStatus.PROVISIONAL, SlipStatus.PAID)).exists():
        raise Conflict(_("This charge has been paid (at least provisionally); it is not reissued"), field="slip")
    latest = charge.slips.order_by("-reissue").first()
    if latest.reissue >= 9:
        raise Conflict(_("A slip is reissued at most 9 times (one barcode digit)"), field="slip")
    new = _create(charge=charge, agreement=slip.agreement, slip_number=slip.slip_number, reissue=latest.reissue + 1,
                  amount=charge.amount, due_date=due_date, handling_deadline=handling_deadline,
                  reissued_from=latest)
    audit_record("payments.slip.reissued", obj=new, tenant_id=new.municipality_id,
                 data={"reissued_from_id": latest.pk, "reissue": new.reissue})
    return new
