"""Audit event names of background jobs (registered in GovernanceConfig.ready)."""

JOB_EVENTS: dict[str, str] = {
    "governance.job.queued": "A background job was started from a page (kind and parameters by reference)",
    "governance.job.output_downloaded": "A job's starter downloaded what it made (a PDF …)",
    "governance.job.finished": "A background job ended: succeeded, refused with problems, or stopped by an error",
}
