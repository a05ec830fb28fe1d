"""Periodic audit jobs. Each takes ids or dates as arguments and is idempotent."""

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from audit import chain
from audit.analysis import audit_log_analyse
from audit.services import audit_chain_verify


@shared_task(name="audit.checkpoint_chain")
def checkpoint_chain() -> int:
    """Write the chain head outside the database; idempotent (a repeated line changes nothing)."""
    seq, _ = chain.write_checkpoint()
    return seq


@shared_task(name="audit.verify_chain")
def verify_chain(*, actor_id: int | None = None) -> dict:
    """Verify the whole chain and record the outcome as an event of its own."""
    result = audit_chain_verify(actor_id=actor_id)
    return {"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq,
            "summary": result.summary()}


@shared_task(name="audit.analyse_log")
def analyse_log(*, day: str | None = None) -> int:
    """Analyse one day's events (default: yesterday, Asia/Tokyo); rerunning a day refreshes it."""
    target = date.fromisoformat(day) if day else timezone.localdate() - timedelta(days=1)
    return audit_log_analyse(day=target)
