"""The one task every background job runs on: it takes the job's id (and who and which tenant, for the audit
context), never a value or a file."""

from celery import shared_task

from governance.jobs.progress import TaskProgress
from governance.jobs.services import job_outputs_discard, job_run


@shared_task(bind=True, name="governance.jobs.run")
def background_job_run(self, *, job_id: int, actor_id: int | None = None, tenant_id: int | None = None) -> dict:
    """Run a queued background job, reporting progress in this task's state; idempotent."""
    progress = TaskProgress(self)
    job = job_run(job_id=job_id, progress=progress)
    return {"job": job_id, "status": job.status if job else "already_run", "progress_updates": progress.updates}


@shared_task(name="governance.jobs.discard_outputs")
def discard_outputs() -> int:
    """Destroy the outputs (PDFs …) of jobs that ended more than a day ago; idempotent."""
    return job_outputs_discard()
