"""Periodic audit jobs."""

from celery import shared_task
from django.db import transaction

from audit import chain
from audit.services import audit_record


@shared_task(name="audit.checkpoint_chain")
def checkpoint_chain() -> int:
    """Write the chain head outside the database; idempotent (a repeated line changes nothing)."""
    seq, _ = chain.write_checkpoint()
    return seq


@shared_task(name="audit.verify_chain")
def verify_chain(*, actor_id: int | None = None) -> dict:
    """Verify the whole chain and record the outcome as an event of its own."""
    result = chain.verify()
    with transaction.atomic():
        audit_record(
            "audit.chain.verified",
            actor_id=actor_id,
            data={"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq},
        )
    return {"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq,
            "summary": result.summary()}
