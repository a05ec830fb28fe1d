"""Waiting-list offers not confirmed in time pass on to the next family (celery beat, every five minutes)."""

from celery import shared_task

from childcare.care.services import waitlist_offers_expire


@shared_task(name="childcare.care.expire_offers")
def expire_offers() -> int:
    """Lapse every offer past its deadline; returns how many lapsed. Idempotent."""
    return waitlist_offers_expire()
