"""The LoGo CSV import as a background job: a thin wrapper over ``services.logo_import`` (the same whole-file check,
gate and storage), started from the import page; the upload is sealed on disk until the job has read it."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from childcare.subsidy import selectors, services
from childcare.subsidy.errors import SubsidyInvalid, SubsidyRefused
from common.web import page_view
from governance.jobs.kinds import JobKind, JobResult, register_job_kind
from governance.jobs.models import BackgroundJob
from governance.jobs.services import job_start

SUBSIDY_IMPORT = "subsidy_import"


def _subsidy_import(*, job: BackgroundJob, progress, stream) -> JobResult:
    who = selectors.subsidy_actor(actor=job.started_by)
    progress(0, 1, "importing")
    result = services.logo_import(
        who=who,
        form=job.parameters["form"],
        content=stream.read(services.MAX_FILE_BYTES + 1),
        filename=job.staged_file.name,
    )
    progress(1, 1, "importing")
    return JobResult(
        summary={"created": result.created, "already": result.already},
        message=_("%(created)s application(s) imported; %(already)s already imported.")
        % {"created": result.created, "already": result.already},
        result_url=reverse("exchange-ledger-entry", args=[result.ledger_entry_id]),
    )


def subsidy_import_kind_register() -> None:
    register_job_kind(
        JobKind(
            name=SUBSIDY_IMPORT,
            title=gettext_lazy("LoGo export import"),
            body=_subsidy_import,
            counts={"created": gettext_lazy("Applications imported"), "already": gettext_lazy("Already imported")},
            stages={"importing": gettext_lazy("Checking and storing the answers")},
            start_url="subsidy-import",
            notify_refusal=True,
        )
    )


@page_view
@require_POST
def logo_import_start(request):
    """Start a LoGo import in the background; the job's page shows its progress, then the result or every problem."""
    who = selectors.subsidy_actor(actor=request.user)
    if not who.ward_staff:  # refused before anything is stored; the service checks it again when the job runs
        raise SubsidyRefused(
            _(
                "Only the ward's staff of the subsidy's department may do this; the contractor "
                "receives and pre-checks, the ward decides"
            ),
            code="subsidy.ward_only",
        )
    upload = request.FILES.get("file")
    if upload is None:
        raise SubsidyInvalid(_("Choose the CSV file LoGo exported"), field="file")
    job = job_start(
        actor=request.user,
        kind=SUBSIDY_IMPORT,
        municipality_id=who.municipality_id,
        parameters={"form": request.POST.get("form", "")[:100]},
        upload=(upload.file, upload.name),
    )
    return redirect("job-detail", job.pk)
