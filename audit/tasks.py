"""Periodic audit jobs. Each takes ids or dates as arguments and is idempotent."""

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from audit.analysis import audit_log_analyse
from audit.partitions import partitions_ensure
from audit.services import audit_chain_verify, audit_log_seal


@shared_task(name="audit.seal")
def seal() -> dict:
    """Seal the events written since the last run into their tenants' chains, and again every AUDIT_SEAL_PAUSE
    until AUDIT_SEAL_SECONDS are spent (beat sends it every second, on a queue of its own); write the signed
    checkpoints that are due. Another sealer already at work ends this run."""
    result = audit_log_seal(seconds=settings.AUDIT_SEAL_SECONDS, pause=settings.AUDIT_SEAL_PAUSE)
    return {"sealed": result.total, "chains": len(result.sealed), "refused": result.refused,
            "checkpoints": result.checkpoints, "busy": result.busy}


@shared_task(name="audit.checkpoint_chain")
def checkpoint_chain() -> int:
    """Seal, then checkpoint every head that moved since its last checkpoint, due or not."""
    return audit_log_seal(force_checkpoint=True).checkpoints


@shared_task(name="audit.verify_chain")
def verify_chain(*, actor_id: int | None = None, tenant_id: int | None = None) -> dict:
    """Verify one tenant's chain (or all) and record the outcome as an event of its own."""
    result = audit_chain_verify(chains=None if tenant_id is None else [tenant_id], actor_id=actor_id)
    return {"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq,
            "summary": result.summary()}


@shared_task(name="audit.analyse_log")
def analyse_log(*, day: str | None = None) -> int:
    """Analyse one day's events (default: yesterday, Asia/Tokyo); rerunning a day refreshes it."""
    target = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    return audit_log_analyse(day=target)


@shared_task(name="audit.partitions")
def partitions() -> dict:
    """Create this month's and the next months' partitions of the audit log (beat, daily); idempotent. Events
    of a month that had no partition yet (in the DEFAULT partition) are moved into it."""
    result = partitions_ensure(now=timezone.now())
    return {"created": [m.isoformat() for m in result.created],
            "moved": {m.isoformat(): n for m, n in result.moved.items()}}
