"""Batch slip PDFs as a background job: the chosen slips rendered by the printing service (audited as printed and
as a read of their payers), the PDF kept sealed for its starter to download for a day."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from governance.jobs.kinds import JobKind, JobResult, register_job_kind
from governance.jobs.models import BackgroundJob
from governance.jobs.views import job_start_from_page
from payments.catalog.access import department_staff_required
from payments.slips import selectors
from payments.slips.printing import slips_print

SLIP_PDFS = "slip_pdfs"


def _slip_pdfs(*, job: BackgroundJob, progress, stream) -> JobResult:
    ids = job.parameters["slip_ids"]
    progress(0, len(ids) + 1, "rendering")
    slips = list(selectors.slip_list(actor=job.started_by).filter(pk__in=ids))  # narrowed to the starter again
    pdf = slips_print(actor=job.started_by, slips=slips, progress=progress)
    return JobResult(
        summary={"slips": len(slips)},
        output=(pdf, "nofusho.pdf"),
        message=_("%(count)s slip(s) rendered as one PDF; download it within a day.") % {"count": len(slips)},
    )


def slip_pdfs_kind_register() -> None:
    register_job_kind(
        JobKind(
            name=SLIP_PDFS,
            title=gettext_lazy("Slip PDFs"),
            body=_slip_pdfs,
            counts={"slips": gettext_lazy("Slips")},
            stages={"rendering": gettext_lazy("Rendering the slips")},
            start_url="payments-slips",
        )
    )


@department_staff_required
@require_POST
def slips_pdf_start(request):
    """Render the chosen slips in the background; the job's page offers the PDF once it is made."""
    ids = sorted({int(i) for i in request.POST.getlist("slip") if i.isdigit()})
    slips = selectors.slip_list(actor=request.user).filter(pk__in=ids)
    municipalities = sorted(set(slips.values_list("municipality_id", flat=True)))
    if not municipalities:
        messages.error(request, _("Choose at least one slip to print."))
        return redirect("payments-slips")
    # A job acts for one tenant (staff of a department act for one municipality).
    mine = slips.filter(municipality_id=municipalities[0])
    return job_start_from_page(
        request,
        kind=SLIP_PDFS,
        municipality_id=municipalities[0],
        parameters={"slip_ids": sorted(mine.values_list("pk", flat=True))},
    )
