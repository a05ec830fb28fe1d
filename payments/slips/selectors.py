"""Reads of slips, narrowed to the fee types of the departments the actor works for."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from common.errors import NotFound
from payments.catalog.access import staff_department_ids
from payments.catalog.models import Payer
from payments.slips.models import Slip


def slip_list(*, actor, status: str | None = None) -> QuerySet[Slip]:
    """Slips of the fee types the actor's departments own, newest number first.

    Payers come in one extra query through their own manager, which brings each row's wrapped data key,
    so showing their (encrypted) names costs no query per slip.
    """
    slips = Slip.objects.filter(fee_type__department_id__in=staff_department_ids(actor)).select_related(
        "fee_type", "charge", "municipality").prefetch_related(
        Prefetch("charge__payer", queryset=Payer.objects.all())).order_by(
        "-fiscal_year", "-slip_number", "-reissue")
    return slips.filter(status=status) if status else slips


def slip_get(*, actor, slip_id: int) -> Slip:
    """One slip the actor may see, else NotFound (existence is not revealed)."""
    slip = slip_list(actor=actor).filter(pk=slip_id).first()
    if slip is None:
        raise NotFound(_("No slip %(slip_id)s among your department's slips") % {"slip_id": slip_id})
    return slip
