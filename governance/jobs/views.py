"""A background job's page: its progress bar while it runs (htmx polls the partial), its result once it ends."""

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header

from common.errors import NotFound
from governance.jobs import selectors, services


def _job(request, pk: int):
    try:
        return selectors.job_get(user=request.user, job_id=pk)
    except NotFound as exc:
        raise Http404(exc.message) from None


@login_required
def job_detail(request, pk: int):
    """The job's page: the progress bar, then its counts and problems."""
    job = _job(request, pk)
    return render(
        request, "jobs/detail.html", {**selectors.job_state(job=job), "counts": selectors.job_counts(job=job)}
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
