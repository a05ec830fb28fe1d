"""A background job's page: its progress bar while it runs (htmx polls the partial), its result once it ends; and
the one way a page starts a job."""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from common.errors import Forbidden, NotFound
from governance.jobs import selectors, services
from governance.jobs.kinds import job_kind


def _job(request, pk: int):
    try:
        return selectors.job_get(user=request.user, job_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


def job_start_from_page(
    request, *, kind: str, municipality_id: int | None, parameters: dict | None = None, upload_field: str = ""
) -> HttpResponse:
    """Start a job of ``kind`` for the signed-in person from a page's POST and send them to the job's page: the one
    way every page starts one.

    With ``upload_field``, the file posted under that name is what the job reads (sealed until it ends); a form
    posted without it goes back to the kind's start page with the kind's ``upload_missing`` message. A person the
    kind's ``may_start`` refuses gets 403, and nothing is written.
    """
    registered = job_kind(kind)
    upload = None
    if upload_field:
        posted = request.FILES.get(upload_field)
        if posted is None:
            messages.error(request, str(registered.upload_missing or _("Choose the file to read.")))
            return redirect(registered.start_url)
        upload = (posted.file, posted.name)
    try:
        job = services.job_start(
            actor=request.user, kind=kind, municipality_id=municipality_id, parameters=parameters, upload=upload
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    return redirect("job-detail", job.pk)


@login_required
def job_detail(request, pk: int):
    """The job's page: the progress bar, then its counts and problems."""
    job = _job(request, pk)
    return render(
        request,
        "jobs/detail.html",
        {
            **selectors.job_state(job=job),
            "counts": selectors.job_counts(job=job),
            "problems": selectors.job_problems(job=job),
        },
    )


@login_required
def job_progress(request, pk: int):
    """The progress partial, polled by htmx; once the job has ended it sends the browser to the result."""
    job = _job(request, pk)
    if job.finished and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("job-detail", args=[job.pk])
        return response
    return render(request, "jobs/_progress.html", selectors.job_state(job=job))


@login_required
def job_output(request, pk: int):
    """Download what the job made (its starter only, for a day; each download audited)."""
    job = _job(request, pk)
    try:
        reader, name = services.job_output_read(actor=request.user, job=job)
    except NotFound as exc:
        raise Http404(exc.message) from None

    def chunks():
        with reader:
            while data := reader.read(1 << 16):
                yield data

    response = StreamingHttpResponse(chunks(), content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Content-Length"] = str(job.output_file.size_bytes)
    return response
