"""Periodic analysis of the access log (the seeds: 取得したログは、定期的に分析する).

Runs over one Asia/Tokyo day and upserts one finding per (tenant, kind, actor, day), so running it
again for the same day refreshes counts without duplicating findings or reopening closed ones.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction

from audit.models import AuditEvent, AuditFinding
from audit.selectors import READ_EVENT, TOKYO
from audit.services import audit_record

Kind = AuditFinding.Kind


def _is_denial(name: str) -> bool:
    return name.endswith((".denied", ".login_failed", ".locked_out"))


def _after_hours(moment: datetime) -> bool:
    start_hour, end_hour = settings.AUDIT_WORKING_HOURS
    local = moment.astimezone(TOKYO)
    return local.isoweekday() >= 6 or not (start_hour <= local.hour < end_hour)


def findings_for_day(day: date) -> dict[tuple[int | None, str, int | None], list[int]]:
    """Group the day's suspicious events by (tenant, kind, actor) → event seqs. Pure read."""
    start = datetime.combine(day, time.min, tzinfo=TOKYO)
    events = AuditEvent.objects.filter(occurred_at__gte=start, occurred_at__lt=start + timedelta(days=1))
    found: dict[tuple[int | None, str, int | None], list[int]] = defaultdict(list)
    subjects_read: dict[tuple[int | None, int | None], set] = defaultdict(set)
    reads_by_actor: dict[tuple[int | None, int | None], list[int]] = defaultdict(list)
    columns = ("seq", "name", "tenant_id", "actor_id", "occurred_at", "subjects", "data")
    for seq, name, tenant_id, actor_id, occurred_at, subjects, data in events.values_list(*columns).iterator(
            chunk_size=5000):
        if _is_denial(name):
            found[(tenant_id, Kind.DENIED, actor_id)].append(seq)
        if name != READ_EVENT:
            continue
        reads_by_actor[(tenant_id, actor_id)].append(seq)
        subjects_read[(tenant_id, actor_id)].update(tuple(s) for s in subjects)
        if _after_hours(occurred_at):
            found[(tenant_id, Kind.AFTER_HOURS, actor_id)].append(seq)
        if data.get("sensitive_fields"):
            found[(tenant_id, Kind.SENSITIVE_READ, actor_id)].append(seq)
        if "actor_facility_ids" in data and not set(data["subject_facility_ids"]) <= set(data["actor_facility_ids"]):
            found[(tenant_id, Kind.OTHER_FACILITY, actor_id)].append(seq)
    for (tenant_id, actor_id), subjects in subjects_read.items():
        if len(subjects) > settings.AUDIT_MANY_SUBJECTS_PER_DAY:
            found[(tenant_id, Kind.MANY_SUBJECTS, actor_id)] = reads_by_actor[(tenant_id, actor_id)]
    return found


@transaction.atomic
def audit_log_analyse(*, day: date) -> int:
    """Analyse one day and upsert its findings; returns how many findings the day has."""
    found = findings_for_day(day)
    for (tenant_id, kind, actor_id), seqs in found.items():
        key = f"{tenant_id}:{kind}:{actor_id}:{day.isoformat()}"
        AuditFinding.objects.update_or_create(
            key=key,
            defaults={"event_seqs": seqs, "count": len(seqs)},
            create_defaults={"tenant_id": tenant_id, "kind": kind, "actor_id": actor_id, "day": day,
                             "event_seqs": seqs, "count": len(seqs)},
        )
    audit_record("audit.analysis.completed", data={"day": day.isoformat(), "findings": len(found)})
    return len(found)
