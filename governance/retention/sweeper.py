"""The retention sweep: find records whose period has ended and delete, crypto-shred or anonymise them.

For every active rule (of one tenant, or all), the sweep walks the source's expired records in
primary-key order (keyset pagination), one short transaction per batch. A batch locks its
records and its progress row, applies the action, writes one :class:`RetentionErasure` per record,
one audit event (counts and references, never values), asks the deletion service to open requests
to the parties the ledger shows received those subjects' data, and moves the cursor — all or
nothing. A killed sweep therefore resumes after the last committed batch; a record already
removed no longer matches (deleted, its data key shredded, or its erasure recorded), so a second
run removes nothing; a dry run walks the same query without writing and lists what would go.

A record is expired when its trigger date is earlier than ``as_of`` minus the rule's period: it is
kept for the whole period and goes from the day after (5 years after 2020-04-01 keeps it through
2025-04-01). A record whose trigger date is empty (the child has not left) never expires.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.services import audit_record
from common.errors import Conflict, InvalidInput
from common.problems import Problem
from governance.crypto.shredding import records_shred
from governance.deletion.services import deletion_requests_open_for_subjects
from governance.retention.models import (
    RetentionAction,
    RetentionErasure,
    RetentionProgress,
    RetentionRule,
    RetentionRun,
)
from governance.retention.sources import RetentionSource, source_get

DEFAULT_BATCH_SIZE = 500  # bench: same total time as 1,000, half the longest transaction
SHRED_REASON = "retention_expired"


@dataclass(frozen=True)
class ExpiredRecord:
    """One record a sweep removes (or, in a dry run, would remove): references only."""

    rule_id: int
    source: str
    tenant_id: int
    object_id: str
    subject: tuple[str, str]
    trigger_date: date
    action: str
    data_key: object = field(default=None, compare=False, repr=False)   # for crypto-shredding only


@dataclass(frozen=True)
class BatchReport:
    """Handed to ``on_batch`` after each committed batch; ``seconds`` is the transaction's wall time."""

    run_id: int
    rule_id: int
    source: str
    number: int
    erased: int
    seconds: float


@dataclass
class RuleOutcome:
    rule_id: int
    tenant_id: int
    source: str
    action: str
    cutoff: date | None
    erased: int = 0
    batches: int = 0
    skip: Problem | None = None  # why the sweep could not apply the rule (source no longer registered …)

    @property
    def skipped(self) -> str:
        """Why the rule was not applied, in the active language ("" when it was)."""
        return self.skip.reason if self.skip else ""


@dataclass
class SweepResult:
    as_of: date
    dry_run: bool
    run_id: int | None = None
    resumed: bool = False
    outcomes: list[RuleOutcome] = field(default_factory=list)
    records: list[ExpiredRecord] = field(default_factory=list)   # filled by dry runs

    @property
    def erased(self) -> int:
        return sum(o.erased for o in self.outcomes)


def rule_cutoff(rule: RetentionRule, as_of: date) -> date:
    """Records whose trigger date is before this day have outlived the rule's period on ``as_of``."""
    return as_of - relativedelta(years=rule.period_years, months=rule.period_months, days=rule.period_days)


def _final_field(model: type[models.Model], path: str) -> models.Field:
    *relations, last = path.split("__")
    for part in relations:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(last)


def _rule_problem(rule: RetentionRule, source: RetentionSource | None) -> Problem | None:
    if source is None:
        return Problem(0, gettext_noop("no retention source '%(source)s' is registered"), {"source": rule.source})
    if rule.trigger not in source.triggers:
        return Problem(0, gettext_noop("source '%(source)s' has no '%(trigger)s' date"),
                       {"source": rule.source, "trigger": rule.trigger})
    if rule.action not in source.actions:
        return Problem(0, gettext_noop("source '%(source)s' does not allow '%(action)s'"),
                       {"source": rule.source, "action": rule.action})
    return None


def expired_queryset(rule: RetentionRule, source: RetentionSource, cutoff: date) -> models.QuerySet:
    """The rule's tenant's records of the source that have expired and are still there to remove."""
    model = source.model
    date_path = source.triggers[rule.trigger]
    lookup = f"{date_path}__date__lt" if isinstance(_final_field(model, date_path), models.DateTimeField) \
        else f"{date_path}__lt"
    tenant_path = source.tenant_field if source.tenant_field.endswith("_id") else f"{source.tenant_field}_id"
    queryset = model._base_manager.filter(**{tenant_path: rule.municipality_id, lookup: cutoff})
    if source.business_field is not None:
        queryset = queryset.filter(**{f"{source.business_field}_id": rule.business_id})
    if rule.action == RetentionAction.CRYPTO_SHRED:
        queryset = queryset.filter(data_key__isnull=False, data_key__shredded_at__isnull=True)
    elif rule.action == RetentionAction.ANONYMISE:
        queryset = queryset.exclude(Exists(RetentionErasure.objects.filter(
            municipality_id=rule.municipality_id, source=source.name,
            object_id=Cast(OuterRef("pk"), models.CharField()))))
    return queryset


def _page(rule: RetentionRule, source: RetentionSource, cutoff: date, *, after, limit: int,
          lock: bool) -> list[ExpiredRecord]:
    queryset = expired_queryset(rule, source, cutoff)
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    if lock:
        # Only the source's rows: a join to the data key table must not lock shared keys here.
        queryset = queryset.select_for_update(of=("self",))
    subject_path = source.subject_field or "pk"
    key_path = "data_key_id" if rule.action == RetentionAction.CRYPTO_SHRED else "pk"
    rows = queryset.order_by("pk").values_list("pk", subject_path, source.triggers[rule.trigger], key_path)[:limit]
    label = source.subject_label
    return [ExpiredRecord(rule.pk, source.name, rule.municipality_id, str(pk), (label, str(subject)),
                          _as_date(trigger), rule.action, key if key_path == "data_key_id" else None)
            for pk, subject, trigger, key in rows]


def _as_date(value: date) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def _apply(rule: RetentionRule, source: RetentionSource, pks: list, records: list[ExpiredRecord]) -> int | None:
    """Remove the records; return the audit seq of the shredding event when there is one."""
    model = source.model
    if rule.action == RetentionAction.CRYPTO_SHRED:
        return records_shred(model=model, tenant_id=rule.municipality_id, pks=pks, reason=SHRED_REASON,
                             data_key_ids=[r.data_key for r in records]).audit_seq
    if rule.action == RetentionAction.ANONYMISE:
        source.anonymise(model._base_manager.filter(pk__in=pks))
        return None
    try:
        model._base_manager.filter(pk__in=pks).delete()
    except models.ProtectedError as exc:
        blockers = sorted({obj._meta.label for obj in exc.protected_objects})
        raise Conflict(
            _(
                "Retention rule %(pk)s cannot delete %(name)s records: other records still refer to them "
                "(%(items)s); delete those first or crypto-shred instead"
            )
            % {
                "pk": rule.pk,
                "name": source.name,
                "items": ', '.join(blockers),
            },
                       field="action") from exc
    return None


def _batch(*, run: RetentionRun, progress_id: int, rule: RetentionRule, source: RetentionSource, cutoff: date,
           as_of: date, batch_size: int) -> tuple[int, int] | None:
    """One transaction: lock progress, remove the next page, record it, move the cursor. None when done."""
    progress = RetentionProgress.objects.select_for_update().get(pk=progress_id)
    if progress.finished_at is not None:
        return None
    after = source.model._meta.pk.to_python(progress.cursor) if progress.cursor else None
    records = _page(rule, source, cutoff, after=after, limit=batch_size, lock=True)
    if not records:
        progress.finished_at = timezone.now()
        progress.save(update_fields=["finished_at"])
        return None
    pks = [source.model._meta.pk.to_python(r.object_id) for r in records]
    shred_seq = _apply(rule, source, pks, records)
    subjects = sorted({r.subject for r in records})
    number = progress.batches + 1
    event = audit_record(
        "governance.retention_batch.erased", obj=rule, tenant_id=rule.municipality_id, subjects=subjects,
        data={"run": run.pk, "batch": number, "source": source.name, "action": rule.action,
              "as_of": as_of.isoformat(), "cutoff": cutoff.isoformat(), "count": len(records),
              "references": [r.object_id for r in records], "shred_event": shred_seq})
    now = timezone.now()
    RetentionErasure.objects.bulk_create([
        RetentionErasure(municipality_id=rule.municipality_id, run=run, rule=rule, source=source.name,
                         object_id=r.object_id, subject_type=r.subject[0], subject_ref=r.subject[1],
                         action=rule.action, erased_at=now, audit_seq=event.seq) for r in records])
    # In the batch's transaction, so a kill cannot leave removed subjects without their deletion requests.
    deletion_requests_open_for_subjects(tenant_id=rule.municipality_id, subjects=subjects,
                                        reason=f"retention_rule:{rule.pk}", as_of=as_of)
    progress.cursor = records[-1].object_id
    progress.erased += len(records)
    progress.batches = number
    progress.save(update_fields=["cursor", "erased", "batches"])
    RetentionRun.objects.filter(pk=run.pk).update(erased=F("erased") + len(records), batches=F("batches") + 1)
    return number, len(records)


def _rules(tenant_id: int | None) -> list[RetentionRule]:
    rules = RetentionRule.objects.filter(active=True).order_by("municipality_id", "source", "pk")
    return list(rules.filter(municipality_id=tenant_id) if tenant_id is not None else rules)


@transaction.atomic
def _run_begin(*, as_of: date, tenant_id: int | None, batch_size: int) -> tuple[RetentionRun, bool]:
    unfinished = list(RetentionRun.objects.select_for_update()
                      .filter(status=RetentionRun.Status.RUNNING, municipality_id=tenant_id).order_by("pk"))
    run = next((r for r in unfinished if r.as_of == as_of), None)
    for other in unfinished:
        if other is not run:   # a run for another day: the new run covers whatever it left
            other.status = RetentionRun.Status.SUPERSEDED
            other.finished_at = timezone.now()
            other.save(update_fields=["status", "finished_at"])
    resumed = run is not None
    if run is None:
        run = RetentionRun.objects.create(municipality_id=tenant_id, as_of=as_of, batch_size=batch_size)
    else:
        run.attempts += 1
        run.batch_size = batch_size
        run.save(update_fields=["attempts", "batch_size"])
    for rule in _rules(tenant_id):
        RetentionProgress.objects.get_or_create(run=run, rule=rule)
    audit_record("governance.retention_run.started", obj=run, tenant_id=tenant_id,
                 data={"run": run.pk, "as_of": as_of.isoformat(), "resumed": resumed, "attempt": run.attempts})
    return run, resumed


@transaction.atomic
def _run_finish(*, run: RetentionRun, outcomes: list[RuleOutcome]) -> None:
    run = RetentionRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RetentionRun.Status.RUNNING:
        return
    run.status = RetentionRun.Status.FINISHED
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    audit_record("governance.retention_run.finished", obj=run, tenant_id=run.municipality_id,
                 data={"run": run.pk, "as_of": run.as_of.isoformat(), "erased": run.erased, "batches": run.batches,
                       "attempts": run.attempts,
                       "rules": [{"rule": o.rule_id, "source": o.source, "erased": o.erased, "skipped": o.skipped}
                                 for o in outcomes]})


def sweep(*, as_of: date | None = None, dry_run: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
          tenant_id: int | None = None, on_batch: Callable[[BatchReport], None] | None = None) -> SweepResult:
    """Remove every record whose retention period ended before ``as_of`` (today by default).

    ``tenant_id`` limits the sweep to one municipality. ``dry_run`` writes nothing but one audit event
    and returns the records a real run would remove, in the order it would remove them. An unfinished
    run for the same day and tenant is resumed. ``on_batch`` is called after each committed batch.
    """
    if not dry_run and transaction.get_connection().in_atomic_block:
        raise Conflict(_("The retention sweep commits batch by batch; call it outside a transaction"),
                       field="sweep")
    if batch_size < 1:
        raise InvalidInput(
            _(
                "The batch size must be at least 1, not %(batch_size)s"
            )
            % {
                "batch_size": batch_size,
            }, field="batch_size")
    as_of = as_of or timezone.localdate()
    result = SweepResult(as_of=as_of, dry_run=dry_run)
    if dry_run:
        return _preview(result, tenant_id=tenant_id, batch_size=batch_size)
    run, result.resumed = _run_begin(as_of=as_of, tenant_id=tenant_id, batch_size=batch_size)
    result.run_id = run.pk
    progress_rows = {p.rule_id: p for p in RetentionProgress.objects.filter(run=run).select_related("rule")}
    for rule_id in sorted(progress_rows, key=lambda i: (progress_rows[i].rule.municipality_id,
                                                        progress_rows[i].rule.source, i)):
        progress = progress_rows[rule_id]
        rule = progress.rule
        source = source_get(rule.source)
        # erased counts this call's removals; a resumed run's earlier ones are in its RetentionRun row.
        outcome = RuleOutcome(rule.pk, rule.municipality_id, rule.source, rule.action, None,
                              batches=progress.batches, skip=_rule_problem(rule, source))
        result.outcomes.append(outcome)
        if outcome.skip or not rule.active:
            outcome.skip = outcome.skip or Problem(0, gettext_noop("the rule was switched off"))
            continue
        outcome.cutoff = cutoff = rule_cutoff(rule, as_of)
        while True:
            started = time.perf_counter()
            with transaction.atomic():
                done = _batch(run=run, progress_id=progress.pk, rule=rule, source=source, cutoff=cutoff,
                              as_of=as_of, batch_size=batch_size)
            seconds = time.perf_counter() - started
            if done is None:
                break
            number, count = done
            outcome.erased += count
            outcome.batches = number
            if on_batch is not None:
                on_batch(BatchReport(run.pk, rule.pk, rule.source, number, count, seconds))
    _run_finish(run=run, outcomes=result.outcomes)
    return result


def _preview(result: SweepResult, *, tenant_id: int | None, batch_size: int) -> SweepResult:
    for rule in _rules(tenant_id):
        source = source_get(rule.source)
        outcome = RuleOutcome(rule.pk, rule.municipality_id, rule.source, rule.action, None,
                              skip=_rule_problem(rule, source))
        result.outcomes.append(outcome)
        if outcome.skipped:
            continue
        outcome.cutoff = cutoff = rule_cutoff(rule, result.as_of)
        after = None
        while page := _page(rule, source, cutoff, after=after, limit=batch_size, lock=False):
            result.records.extend(page)
            outcome.erased += len(page)
            outcome.batches += 1
            after = source.model._meta.pk.to_python(page[-1].object_id)
    with transaction.atomic():
        audit_record("governance.retention_run.previewed", tenant_id=tenant_id,
                     object_type="governance.retentionrun", object_id="dry-run",
                     data={"as_of": result.as_of.isoformat(), "would_erase": result.erased,
                           "rules": [{"rule": o.rule_id, "source": o.source, "count": o.erased,
                                      "skipped": o.skipped} for o in result.outcomes]})
    return result
