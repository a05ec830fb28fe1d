"""Starting a background job from a page, and running one (the task calls :func:`job_run`)."""

import io
import logging
import uuid
from datetime import timedelta
from typing import BinaryIO

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import ApplicationError, Forbidden, InvalidInput, NotFound
from common.problems import printable
from governance.jobs.kinds import JobResult, job_kind
from governance.jobs.models import BackgroundJob, JobStatus
from governance.jobs.staging import StagedReader, staged_file_create, staged_file_discard

logger = logging.getLogger(__name__)
PROBLEMS_KEPT = 100  # the rest are counted: a file with 100,000 bad lines is not stored twice

_SCALARS = (str, int, bool, type(None))


def job_start(
    *,
    actor,
    kind: str,
    municipality_id: int | None,
    parameters: dict | None = None,
    upload: tuple[BinaryIO, str] | None = None,
) -> BackgroundJob:
    """Record a job and queue its task once the row is committed; an upload is sealed to disk first.

    ``parameters`` are ids, dates and flags (the task's arguments carry only the job's id); ``upload`` is
    ``(stream, file name)``, kept encrypted until the job ends. A person the kind's ``may_start`` refuses is refused
    (Forbidden) before anything is written.
    """
    registered = job_kind(kind)  # an unknown kind is a programming error, refused before anything is written
    if registered.may_start is not None and not registered.may_start(actor, municipality_id):
        raise Forbidden(str(registered.start_refused or _("You may not start this work")), field="municipality")
    parameters = parameters or {}
    if any(
        not isinstance(v, _SCALARS) and not (isinstance(v, list) and all(type(i) is int for i in v))
        for v in parameters.values()
    ):
        raise InvalidInput("Job parameters are ids, dates and flags only", field="parameters")
    with transaction.atomic():
        staged = None
        if upload is not None:
            if municipality_id is None:
                raise InvalidInput("An uploaded file belongs to a municipality", field="file")
            stream, name = upload
            staged = staged_file_create(municipality_id=municipality_id, name=name, stream=stream)
        job = BackgroundJob.objects.create(
            municipality_id=municipality_id,
            kind=kind,
            started_by=actor,
            task_id=uuid.uuid4().hex,
            language=translation.get_language() or "ja",
            parameters=parameters,
            staged_file=staged,
        )
        audit_record(
            "governance.job.queued",
            obj=job,
            tenant_id=municipality_id,
            data={"kind": kind, "parameters": parameters, "staged_file_id": staged and staged.pk},
        )
        transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: BackgroundJob) -> None:
    from governance.jobs.tasks import background_job_run

    background_job_run.apply_async(
        kwargs={"job_id": job.pk, "actor_id": job.started_by_id, "tenant_id": job.municipality_id}, task_id=job.task_id
    )


def _begin(job_id: int) -> BackgroundJob | None:
    """Mark the job running; None when it already ran (a task delivered twice does its work once)."""
    with transaction.atomic():
        job = BackgroundJob.objects.select_for_update().select_related("started_by").filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return None
        job.status, job.started_at = JobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def _finish(
    job: BackgroundJob,
    *,
    status: str,
    result: JobResult | None = None,
    error: ApplicationError | None = None,
    message: str = "",
) -> BackgroundJob:
    job.status, job.finished_at = status, timezone.now()
    if result is not None:
        job.summary, job.message, job.result_url = result.summary, result.message, result.result_url
        if result.problems:
            job.problems = [p.stored() for p in result.problems[:PROBLEMS_KEPT]]
            job.problem_count = len(result.problems)
        if result.output is not None:
            content, name = result.output
            job.output_file = staged_file_create(
                municipality_id=job.municipality_id, name=name, stream=io.BytesIO(content)
            )
            job.result_url = reverse("job-output", args=[job.pk])
    if error is not None:
        details = error.details or {}
        if error.problems:  # kept as message ids and parameters: the page says them in its reader's language
            problems = list(error.problems)
            job.problems = [p.stored() for p in problems[:PROBLEMS_KEPT]]
        else:
            problems = details.get("problems") or [{"line": 0, "reason": error.message}]
            job.problems = [_problem(p) for p in problems[:PROBLEMS_KEPT]]
        job.problem_count = details.get("problem_count", len(problems))
        # A refusal that lists its problems is said by the page (its status and the problems, in the reader's
        # language); its message, written in the starter's language, would only repeat them.
        job.message = "" if error.problems else printable(error.message)
        refusal_url = job_kind(job.kind).refusal_url
        job.result_url = (refusal_url(error) if refusal_url else "")[:300]
    if message:
        job.message = message
    with transaction.atomic():
        job.save(
            update_fields=[
                "status",
                "finished_at",
                "summary",
                "message",
                "result_url",
                "problems",
                "problem_count",
                "output_file",
            ]
        )
        audit_record(
            "governance.job.finished",
            obj=job,
            tenant_id=job.municipality_id,
            actor_id=job.started_by_id,
            data={
                "kind": job.kind,
                "status": status,
                "problem_count": job.problem_count,
                "summary": {k: v for k, v in job.summary.items() if isinstance(v, int)},
            },
        )
    return job


def _problem(problem: dict) -> dict:
    """A problem as the result page lists it: a line (a file's line or a CSV's row) and the reason (with the column,
    where the service names one)."""
    reason = str(problem.get("reason") or problem.get("message") or "")
    if problem.get("column"):
        reason = f"{problem['column']}: {reason}"
    line = problem.get("line", problem.get("row", 0))
    return {"line": line if isinstance(line, int) else 0, "reason": printable(reason)}


def job_run(*, job_id: int, progress) -> BackgroundJob | None:
    """Run a queued job's body with ``progress``; record how it ended. Returns None if it had already run.

    The body's service keeps its own all-or-nothing transaction; this records the outcome after it, in a
    transaction of its own, so a refusal is recorded while nothing of the refused work is.
    """
    job = _begin(job_id)
    if job is None:
        return None
    kind = job_kind(job.kind)
    reader = StagedReader(job.staged_file) if job.staged_file_id else None
    try:
        with translation.override(job.language):
            try:
                result = kind.body(job=job, progress=progress, stream=reader)
            except ApplicationError as error:
                job = _finish(job, status=JobStatus.REFUSED, error=error)
                if kind.notify_refusal:
                    _notify_refused(job)
                return job
            except Exception:
                logger.exception("Background job %s (%s) stopped by an error", job.pk, job.kind)
                return _finish(
                    job,
                    status=JobStatus.FAILED,
                    message=_(
                        "The work stopped because of an unexpected error; nothing of it was applied. "
                        "The administrator can see the details in the worker's log."
                    ),
                )
            return _finish(job, status=JobStatus.SUCCEEDED, result=result)
    finally:
        if reader is not None:
            reader.close()
        if job.staged_file_id:
            staged_file_discard(staged=job.staged_file)


def _notify_refused(job: BackgroundJob) -> None:
    from governance.notifications.services import notification_send

    notification_send(
        recipient=job.started_by,
        municipality_id=job.municipality_id,
        kind="import_refused",
        params={"job": job.pk, "kind": job.kind, "problems": job.problem_count},
        link=reverse("job-detail", args=[job.pk]),
        subject=("governance.backgroundjob", job.pk),
    )


OUTPUT_KEPT = timedelta(hours=24)  # a made PDF holds payers' names: downloadable for a day, then destroyed


@transaction.atomic
def job_output_read(*, actor, job: BackgroundJob) -> tuple[StagedReader, str]:
    """The starter's download of what the job made (audited); refused once the output was destroyed."""
    if job.started_by_id != actor.pk:
        raise Forbidden("This job's output is its starter's", field="job")
    staged = job.output_file
    if staged is None or job.finished_at < timezone.now() - OUTPUT_KEPT:
        raise NotFound(_("What the job made is kept for a day only and is gone: start the job again."), field="job")
    audit_record(
        "governance.job.output_downloaded",
        obj=job,
        tenant_id=job.municipality_id,
        actor_id=actor.pk,
        data={"kind": job.kind, "size_bytes": staged.size_bytes},
    )
    return StagedReader(staged), staged.name


def job_outputs_discard(*, now=None) -> int:
    """Destroy every job output older than OUTPUT_KEPT (celery beat, hourly); return how many."""
    now = now or timezone.now()
    count = 0
    expired = BackgroundJob.objects.filter(output_file__isnull=False, finished_at__lt=now - OUTPUT_KEPT)
    for job in expired.select_related("output_file"):
        staged_file_discard(staged=job.output_file)
        BackgroundJob.objects.filter(pk=job.pk).update(output_file=None)
        count += 1
    return count
