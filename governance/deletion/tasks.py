"""Daily deletion jobs (Celery beat, see CELERY_BEAT_SCHEDULE). Each takes an ISO date or none (today,
Asia/Tokyo) and is idempotent: running one twice on a day adds nothing the second time. The audit
context (channel "task", the task id as request id) is bound by audit.celery_context."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from governance.deletion.services import (
    certifications_watch,
    deletion_requests_escalate,
    deletion_requests_open_for_ended_channels,
)


def _day(day: str | None) -> date:
    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task(name="governance.deletion.open_for_ended_channels")
def open_for_ended_channels(*, day: str | None = None) -> list[int]:
    """Open deletion requests for everything sent over contracts and connections whose period has ended."""
    return [r.pk for r in deletion_requests_open_for_ended_channels(as_of=_day(day))]


@shared_task(name="governance.deletion.escalate_overdue")
def escalate_overdue(*, day: str | None = None) -> dict:
    """Reminders for requests due soon; notices, a finding and a mail for overdue ones."""
    return deletion_requests_escalate(today=_day(day))


@shared_task(name="governance.deletion.watch_certifications")
def watch_certifications(*, day: str | None = None) -> dict:
    """Notices for parties' Privacy Mark / ISMS certificates expiring within 60 days or expired."""
    return certifications_watch(today=_day(day))
