"""The LoGo CSV import as a background job: a thin wrapper over ``services.logo_import`` (the same whole-file check,
gate and storage), started from the import page; the upload is sealed on disk until the job has read it."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from childcare.subsidy import selectors, services
from common.web import page_view
from governance.jobs.kinds import JobKind, JobResult, register_job_kind
from governance.jobs.models import BackgroundJob
from governance.jobs.views import job_start_from_page

SUBSIDY_IMPORT = "subsidy_import"


def _subsidy_import(*, job: BackgroundJob, progress, stream) -> JobResult:
    who = selectors.subsidy_actor(actor=job.started_by)
    result = services.logo_import(
        who=who,
        form=job.parameters["form"],
        content=stream.read(services.MAX_FILE_BYTES + 1),
        filename=job.staged_file.name,
        progress=progress,
    )
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
            stages={
                "checking": gettext_lazy("Checking the rows"),
                "storing": gettext_lazy("Storing the applications"),
            },
            start_url="subsidy-import",
            may_start=_may_import,
            start_refused=gettext_lazy(
                "Only the ward's staff of the subsidy's department may do this; the contractor "
                "receives and pre-checks, the ward decides"
            ),
            upload_missing=gettext_lazy("Choose the CSV file LoGo exported"),
            notify_refusal=True,
        )
    )


@page_view
@require_POST
def logo_import_start(request):
    """Start a LoGo import in the background; the job's page shows its progress, then the result or every problem."""
    return job_start_from_page(
        request,
        kind=SUBSIDY_IMPORT,
        municipality_id=selectors.subsidy_actor(actor=request.user).municipality_id,
        parameters={"form": request.POST.get("form", "")[:100]},
        upload_field="file",
    )


def _may_import(actor, municipality_id: int | None) -> bool:
    """Refused before anything is stored; the service checks it again when the job runs."""
    who = selectors.subsidy_actor(actor=actor)
    return who.ward_staff and who.municipality_id == municipality_id
