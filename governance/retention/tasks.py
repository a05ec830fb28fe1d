"""The daily retention sweep (celery beat). Takes a date string and a tenant id only; idempotent."""

from datetime import date

from celery import shared_task

from governance.retention.sweeper import sweep


@shared_task(name="governance.retention_sweep")
def retention_sweep(*, as_of: str | None = None, tenant_id: int | None = None, batch_size: int = 500) -> dict:
    """Sweep every tenant (or one) as of ``as_of`` (ISO date; today in Asia/Tokyo by default)."""
    result = sweep(as_of=date.fromisoformat(as_of) if as_of else None, tenant_id=tenant_id, batch_size=batch_size)
    return {"run": result.run_id, "as_of": result.as_of.isoformat(), "erased": result.erased,
            "resumed": result.resumed,
            "rules": [{"rule": o.rule_id, "erased": o.erased, "skipped": o.skipped} for o in result.outcomes]}
