"""Pages for department staff: today's receipts by channel, cases, bank credits, monthly totals, import."""


from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.errors import ApplicationError
from governance.jobs.views import job_start_from_page
from governance.tenancy.models import Department
from payments.catalog.access import department_staff_required, staff_department_ids
from payments.catalog.fiscal import fiscal_year_of
from payments.catalog.reports import csv_report
from payments.collection import selectors
from payments.collection.jobs import PAYMENT_IMPORT
from payments.collection.services import case_resolve


@department_staff_required
def dashboard(request):
    """Today's receipts by channel and the number of open cases."""
    today = timezone.localdate()
    return render(request, "collection/dashboard.html", {
        "today": today, "by_channel": selectors.receipts_by_channel(actor=request.user, day=today),
        "open_cases": selectors.case_list(actor=request.user).count(),
        "departments": Department.objects.filter(pk__in=staff_department_ids(request.user)),
    })


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
    return render(request, "collection/cases.html", {"cases": selectors.case_list(actor=request.user)[:500]})


@department_staff_required
def expected_credits(request):
    rows = selectors.expected_credits(actor=request.user)
    if request.GET.get("format") == "csv":
        return csv_report("expected-credits", ["transfer_date", "count", "amount"],
                    ([r["transfer_date"], r["count"], r["amount"]] for r in rows))
    return render(request, "collection/credits.html", {"rows": rows})


@department_staff_required
def monthly_totals(request):
    try:
        year = int(request.GET.get("year") or fiscal_year_of(timezone.localdate()))
    except ValueError:
        year = fiscal_year_of(timezone.localdate())
    rows = selectors.monthly_totals(actor=request.user, fiscal_year=year)
    if request.GET.get("format") == "csv":
        return csv_report(f"monthly-totals-{year}", ["month", "fee_type", "count", "amount", "confirmed"],
                    ([f"{r['month']:%Y-%m}", r["fee_type__name"] or "", r["count"], r["total"], r["confirmed"] or 0]
                     for r in rows))
    return render(request, "collection/monthly.html", {"rows": rows, "year": year})


@department_staff_required
@require_http_methods(["GET", "POST"])
def result_file_upload(request):
    """Upload a result file; it is imported in the background (the whole file validated before anything is
    applied), and the job's page shows the progress and then the result."""
    if request.method == "POST":
        department = Department.objects.get(pk=min(staff_department_ids(request.user)))
        return job_start_from_page(request, kind=PAYMENT_IMPORT, municipality_id=department.municipality_id,
                                   upload_field="file")
    return render(request, "collection/import.html", {"files": selectors.result_file_list(actor=request.user)[:50]})
