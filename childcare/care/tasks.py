"""Waiting-list offers not confirmed in time pass on to the next family (celery beat, every five minutes)."""

from celery import shared_task

from childcare.care.lottery import lotteries_due
from childcare.care.services import waitlist_offers_expire


@shared_task(name="childcare.care.expire_offers")
def expire_offers() -> int:
    """Lapse every offer past its deadline; returns how many lapsed. Idempotent."""
    return waitlist_offers_expire()


@shared_task(name="childcare.care.draw_lotteries")
def draw_lotteries() -> int:
    """Draw every lottery whose applications have closed; returns how many. Idempotent."""
    return lotteries_due()
