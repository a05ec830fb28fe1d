"""Pages for department staff: slips, today's receipts by channel, cases, bank credits, monthly totals, import."""

import csv
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit.context import Channel
from audit.services import audit_record, record_access
from common.errors import ApplicationError
from governance.tenancy.models import Department
from payments import selectors
from payments.access import staff_department_ids
from payments.fiscal import fiscal_year_of
from payments.models import Payer
from payments.services.cases import case_resolve
from payments.services.imports import PaymentFileRejected, payment_file_import
from payments.services.printing import slips_print

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


def department_staff_required(view):
    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not staff_department_ids(request.user):
            raise PermissionDenied("Payments are for department staff")
        return view(request, *args, **kwargs)
    return wrapped


def _csv(request, name: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 CSV correctly only with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    with transaction.atomic():
        audit_record("payments.report.exported", data={"report": name, "rows": count})
    return response


@department_staff_required
def dashboard(request):
    """Today's receipts by channel and the number of open cases."""
    today = timezone.localdate()
    return render(request, "payments/dashboard.html", {
        "today": today, "by_channel": selectors.receipts_by_channel(actor=request.user, day=today),
        "open_cases": selectors.case_list(actor=request.user).count(),
        "departments": Department.objects.filter(pk__in=staff_department_ids(request.user)),
    })


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

        response = _csv(request, "slips", ["slip", "fiscal_year", "fee_type", "payer_reference", "payer_name",
                                           "amount", "due_date", "handling_deadline", "reissue", "status",
                                           "barcode"], rows())
        _payers_read(exported, channel=Channel.EXPORT)
        return response
    shown = list(slips[:500])
    _payers_read(shown)
    return render(request, "payments/slips.html", {"slips": shown, "status": status})


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


@department_staff_required
@require_http_methods(["GET", "POST"])
def case_list(request):
    if request.method == "POST":
        try:
            case = selectors.case_get(actor=request.user, case_id=int(request.POST.get("case", "0")))
            case_resolve(actor=request.user, case=case, resolution=request.POST.get("resolution", ""))
            messages.success(request, _("The case was resolved."))
        except (ApplicationError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("payments-cases")
    return render(request, "payments/cases.html", {"cases": selectors.case_list(actor=request.user)[:500]})


@department_staff_required
def expected_credits(request):
    rows = selectors.expected_credits(actor=request.user)
    if request.GET.get("format") == "csv":
        return _csv(request, "expected-credits", ["transfer_date", "count", "amount"],
                    ([r["transfer_date"], r["count"], r["amount"]] for r in rows))
    return render(request, "payments/credits.html", {"rows": rows})


@department_staff_required
def monthly_totals(request):
    try:
        year = int(request.GET.get("year") or fiscal_year_of(timezone.localdate()))
    except ValueError:
        year = fiscal_year_of(timezone.localdate())
    rows = selectors.monthly_totals(actor=request.user, fiscal_year=year)
    if request.GET.get("format") == "csv":
        return _csv(request, f"monthly-totals-{year}", ["month", "fee_type", "count", "amount", "confirmed"],
                    ([f"{r['month']:%Y-%m}", r["fee_type__name"] or "", r["count"], r["total"], r["confirmed"] or 0]
                     for r in rows))
    return render(request, "payments/monthly.html", {"rows": rows, "year": year})


@department_staff_required
@require_http_methods(["GET", "POST"])
def result_file_upload(request):
    """Upload a result file: the whole file is validated before anything is applied."""
    context = {"files": selectors.result_file_list(actor=request.user)[:50]}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to import."))
            return redirect("payments-import")
        department = Department.objects.get(pk=min(staff_department_ids(request.user)))
        try:
            outcome = payment_file_import(actor=request.user, municipality=department.municipality,
                                          stream=upload.file, filename=upload.name)
            context["outcome"] = outcome
        except PaymentFileRejected as rejected:
            context["rejected"] = rejected
        except ApplicationError as exc:
            context["error"] = exc.message
    return render(request, "payments/import.html", context)
