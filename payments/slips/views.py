"""Pages for department staff: the slips, their CSV export and their PDFs."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.context import Channel
from audit.services import record_access
from common.errors import ApplicationError
from payments.catalog.access import department_staff_required
from payments.catalog.models import Payer
from payments.catalog.reports import csv_report
from payments.slips import selectors
from payments.slips.printing import slips_print

# Why staff read payers' names on the slip pages (recorded with each access event).
SLIP_LIST_PURPOSE = "収納状況の確認"


def _payers_read(slips, *, channel: str | None = None) -> None:
    """One access event per tenant for the payers whose names a page or export showed."""
    shown: dict[int, set[int]] = {}
    for slip in slips:
        if not slip.charge.payer.erased:
            shown.setdefault(slip.municipality_id, set()).add(slip.charge.payer_id)
    for tenant_id, payer_ids in sorted(shown.items()):
        record_access(subjects=[(Payer._meta.label_lower, pk) for pk in sorted(payer_ids)], fields=["氏名"],
                      purpose=SLIP_LIST_PURPOSE, tenant_id=tenant_id, channel=channel)


def _payer_name(payer: Payer) -> str:
    return _("(erased)") if payer.erased else payer.name or ""


@department_staff_required
def slip_list(request):
    status = request.GET.get("status") or None
    slips = selectors.slip_list(actor=request.user, status=status)
    if request.GET.get("format") == "csv":
        exported = []

        def rows():
            for s in slips.iterator(chunk_size=2000):
                exported.append(s)
                yield [str(s), s.fiscal_year, s.fee_type.name, s.charge.payer.reference_number,
                       _payer_name(s.charge.payer), s.amount, s.due_date, s.handling_deadline, s.reissue, s.status,
                       s.barcode]

        response = csv_report("slips", ["slip", "fiscal_year", "fee_type", "payer_reference", "payer_name",
                                           "amount", "due_date", "handling_deadline", "reissue", "status",
                                           "barcode"], rows())
        _payers_read(exported, channel=Channel.EXPORT)
        return response
    shown = list(slips[:500])
    _payers_read(shown)
    return render(request, "slips/slips.html", {"slips": shown, "status": status})


@department_staff_required
@require_http_methods(["GET", "POST"])
def slips_pdf(request, slip_id: int | None = None):
    """One slip's PDF, or (POST ids) a batch."""
    try:
        if slip_id is not None:
            slips = [selectors.slip_get(actor=request.user, slip_id=slip_id)]
        else:
            ids = [int(i) for i in request.POST.getlist("slip") if i.isdigit()]
            slips = list(selectors.slip_list(actor=request.user).filter(pk__in=ids))
            if not slips:
                messages.error(request, _("Choose at least one slip to print."))
                return redirect("payments-slips")
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=exc.status_code)
    pdf = slips_print(actor=request.user, slips=slips)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="nofusho.pdf"'
    return response
