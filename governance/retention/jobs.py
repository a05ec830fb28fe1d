"""The retention sweep started by hand from the retention page, as a background job.

The sweep keeps its own guarantees: each batch is its own short transaction, and an interrupted run resumes
(the same day and tenant); the job adds only the progress bar and the result page.
"""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from common.problems import Problem, message
from governance.jobs.kinds import JobKind, JobResult, register_job_kind
from governance.jobs.models import BackgroundJob
from governance.retention.models import RetentionRule
from governance.retention.sweeper import BatchReport, sweep
from governance.tenancy.models import Membership, Role

RETENTION_SWEEP = "retention_sweep"


def _may_sweep(actor, municipality_id: int | None) -> bool:
    """A municipality's sweep is started by its administrators and department staff only."""
    return Membership.objects.filter(
        user=actor, municipality_id=municipality_id, role__in=[Role.ADMINISTRATOR, Role.DEPARTMENT_STAFF]
    ).exists()


def _retention_sweep(*, job: BackgroundJob, progress, stream) -> JobResult:
    rules = RetentionRule.objects.filter(municipality_id=job.municipality_id).count()
    seen: list[int] = []
    erased = 0

    def on_batch(report: BatchReport) -> None:
        nonlocal erased
        erased += report.erased
        if report.rule_id not in seen:
            seen.append(report.rule_id)
        progress(max(len(seen) - 1, 0), max(rules, 1), "sweeping")

    progress(0, max(rules, 1), "sweeping")
    as_of = date.fromisoformat(job.parameters["as_of"]) if job.parameters.get("as_of") else None
    result = sweep(as_of=as_of, tenant_id=job.municipality_id, on_batch=on_batch)
    skipped = sum(1 for o in result.outcomes if o.skipped)
    return JobResult(
        summary={
            "rules": len(result.outcomes),
            "erased": result.erased,
            "rules_skipped": skipped,
            "run": result.run_id,
        },
        message=_("As of %(day)s: %(erased)s record(s) removed under %(rules)s rule(s).")
        % {"day": result.as_of.isoformat(), "erased": result.erased, "rules": len(result.outcomes)},
        result_url=reverse("retention-index"),
        problems=[
            Problem(
                0,
                gettext_noop("Rule %(rule)s (%(source)s) was not applied: %(why)s"),
                {"rule": o.rule_id, "source": o.source, "why": message(o.skip.message, **o.skip.params)},
            )
            for o in result.outcomes
            if o.skip
        ],
    )


def retention_sweep_kind_register() -> None:
    register_job_kind(
        JobKind(
            name=RETENTION_SWEEP,
            title=gettext_lazy("Retention sweep"),
            body=_retention_sweep,
            counts={
                "rules": gettext_lazy("Rules applied"),
                "erased": gettext_lazy("Records removed"),
                "rules_skipped": gettext_lazy("Rules skipped"),
                "run": gettext_lazy("Sweep run"),
            },
            stages={"sweeping": gettext_lazy("Removing expired records, batch by batch")},
            counted=gettext_lazy("%(done)s of %(total)s rules"),
            start_url="retention-index",
            may_start=_may_sweep,
            start_refused=gettext_lazy(
                "Only the municipality's administrators and department staff may start its retention sweep"
            ),
        )
    )
