"""Reading background jobs: a job is its starter's (what it read and wrote is theirs to see)."""

from common.errors import NotFound
from common.problems import stored_problem_text
from governance.jobs.kinds import job_kind
from governance.jobs.models import BackgroundJob
from governance.jobs.progress import task_progress


def job_get(*, user, job_id: int) -> BackgroundJob:
    job = BackgroundJob.objects.filter(pk=job_id, started_by=user).first()
    if job is None:
        raise NotFound("No such job of yours", field="job")
    return job


def job_state(*, job: BackgroundJob) -> dict:
    """What the progress bar shows: the job's status and, while it runs, how far it got."""
    kind = job_kind(job.kind)
    progress = (
        task_progress(job.task_id) if job.status in ("queued", "running") else {"done": 1, "total": 1, "stage": ""}
    )
    total = progress["total"]
    percent = int(100 * progress["done"] / total) if total else 0
    return {
        "job": job,
        "kind": kind,
        "done": progress["done"],
        "total": total,
        "percent": percent,
        "stage": kind.stages.get(progress["stage"], ""),
        "counted": kind.counted % {"done": progress["done"], "total": total} if kind.counted and total else "",
    }


def job_counts(*, job: BackgroundJob) -> list[tuple[str, int]]:
    """The summary's counts with their labels, in the kind's order (unknown keys are left out)."""
    kind = job_kind(job.kind)
    return [(str(label), job.summary[key]) for key, label in kind.counts.items() if key in job.summary]


def job_problems(*, job: BackgroundJob) -> list[tuple[int, str]]:
    """The problems the job kept, as (line, reason) in the active language (the reader's, not the starter's)."""
    return [(p.get("line") or 0, stored_problem_text(p)) for p in job.problems]
