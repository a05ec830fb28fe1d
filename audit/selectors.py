"""Reading the audit log: searches and the auditors' prebuilt questions, narrowed to what the actor audits."""

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils.translation import gettext as _

from audit.chain import unsealed_events
from audit.models import AuditEvent, AuditEventSubject, AuditFinding
from audit.scope import audit_scope, tenant_for_code
from common.errors import InvalidInput

TOKYO = ZoneInfo("Asia/Tokyo")
READ_EVENT = "audit.personal_data.read"


@dataclass(frozen=True)
class EventFilter:
    """What an auditor asks for; every part optional. Dates are Asia/Tokyo calendar days, inclusive."""

    subject_type: str = ""
    subject_id: str = ""
    actor_id: int | None = None
    start: date | None = None
    end: date | None = None
    name: str = ""
    object_type: str = ""
    channel: str = ""
    party_id: int | None = None
    after_hours: bool = False

    @classmethod
    def from_params(cls, params) -> "EventFilter":
        """Parse query parameters, refusing malformed ones by name."""
        values: dict = {}
        for f in fields(cls):
            raw = (params.get(f.name) or "").strip()
            if not raw:
                continue
            try:
                if f.name in {"actor_id", "party_id"}:
                    values[f.name] = int(raw)
                elif f.name in {"start", "end"}:
                    values[f.name] = date.fromisoformat(raw)
                elif f.name == "after_hours":
                    values[f.name] = raw.lower() in {"1", "true", "yes", "on"}
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise InvalidInput(
                    _(
                        "'%(raw)s' is not a valid %(name)s"
                    )
                    % {
                        "raw": raw,
                        "name": f.name,
                    }, field=f.name) from exc
        if bool(values.get("subject_type")) != bool(values.get("subject_id")):
            raise InvalidInput(_("Give both subject_type and subject_id"), field="subject_id")
        if values.get("start") and values.get("end") and values["end"] < values["start"]:
            raise InvalidInput(_("end is before start"), field="end")
        return cls(**values)

    def as_reference(self) -> dict:
        """The filter as audit-event data (ids and codes only)."""
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items() if v}


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=TOKYO)


def audit_event_search(*, actor, filters: EventFilter) -> QuerySet[AuditEvent]:
    """Events the actor may audit that match the filter, newest first."""
    scope = audit_scope(actor)
    in_scope = Q(tenant_id__in=scope.tenant_ids) | Q(tenant_id__isnull=True, actor_id__in=scope.actor_ids)
    f = filters
    if f.subject_type:
        # Two index range scans (events naming the subject, within the auditor's tenants; events on the
        # subject's own record), then primary-key fetches: an OR across the two would make PostgreSQL
        # scan the whole log, and re-checking the tenant on every row would read each row twice.
        period = Q()
        if f.start:
            period &= Q(occurred_at__gte=_day_start(f.start))
        if f.end:
            period &= Q(occurred_at__lt=_day_start(f.end + timedelta(days=1)))
        naming = AuditEventSubject.objects.filter(period, tenant_id__in=scope.tenant_ids,
                                                  subject_type=f.subject_type, subject_id=f.subject_id)
        on_record = AuditEvent.objects.filter(period, in_scope, object_type=f.subject_type, object_id=f.subject_id)
        # Events not sealed yet (the last second or so) have no subject index rows: the few of them are read.
        unsealed = unsealed_events().filter(period, tenant_id__in=scope.tenant_ids)
        wanted = [f.subject_type, f.subject_id]
        found = {*naming.values_list("event_id", "occurred_at"), *on_record.values_list("seq", "occurred_at"),
                 *((seq, at) for seq, at, subjects in unsealed.values_list("seq", "occurred_at", "subjects")
                   if wanted in subjects)}
        events = AuditEvent.objects.filter(seq__in=sorted({seq for seq, _ in found}))
        if found:  # the months that hold them: PostgreSQL reads only those partitions
            events = events.filter(occurred_at__range=(min(at for _, at in found), max(at for _, at in found)))
    else:
        events = AuditEvent.objects.filter(in_scope)
        if f.start:
            events = events.filter(occurred_at__gte=_day_start(f.start))
        if f.end:
            events = events.filter(occurred_at__lt=_day_start(f.end + timedelta(days=1)))
    if f.actor_id is not None:
        events = events.filter(actor_id=f.actor_id)
    if f.name:
        events = events.filter(name__startswith=f.name)
    if f.object_type:
        events = events.filter(object_type=f.object_type)
    if f.channel:
        events = events.filter(channel=f.channel)
    if f.party_id is not None:
        events = events.filter(data__party_id=f.party_id)
    if f.after_hours:
        start_hour, end_hour = settings.AUDIT_WORKING_HOURS
        events = events.filter(name=READ_EVENT).annotate(
            hour=ExtractHour("occurred_at", tzinfo=TOKYO), weekday=ExtractIsoWeekDay("occurred_at", tzinfo=TOKYO),
        ).filter(Q(hour__lt=start_hour) | Q(hour__gte=end_hour) | Q(weekday__gte=6))
    return events.order_by("-seq")


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    asks_for: tuple[str, ...]
    preset: dict


# The questions auditors ask most; each is a filter preset plus the parameters it needs.
QUESTIONS = (
    Question("subject_access", "Who accessed this data subject", ("subject_type", "subject_id"),
             {"name": READ_EVENT}),
    Question("actor_activity", "Everything this user did", ("actor_id",), {}),
    Question("exports_to_party", "Exchanges with this party", ("party_id",), {"name": "governance.exchange."}),
    Question("after_hours", "Access outside working hours", (), {"after_hours": "1"}),
)


def question_filter(key: str, params) -> EventFilter:
    """The filter of a prebuilt question, with its parameters taken from ``params``."""
    question = next((q for q in QUESTIONS if q.key == key), None)
    if question is None:
        raise InvalidInput(_("Unknown question '%(key)s'") % {"key": key}, field="question")
    missing = [p for p in question.asks_for if not params.get(p)]
    if missing:
        raise InvalidInput(
            _(
                "The question '%(key)s' needs %(items)s"
            )
            % {
                "key": key,
                "items": ', '.join(missing),
            }, field=missing[0])
    return EventFilter.from_params({**{k: params.get(k) for k in params}, **question.preset})


def audit_finding_list(*, actor, status: str = "") -> QuerySet[AuditFinding]:
    """Findings of the periodic analysis in the actor's tenants."""
    findings = AuditFinding.objects.filter(tenant_id__in=audit_scope(actor).tenant_ids)
    return findings.filter(status=status) if status else findings


def verified_chains(actor, code: str = "") -> list[int]:
    """The chains an auditor verifies: their tenants' (one of them with ``code``); a code outside them is refused."""
    tenant_ids = sorted(audit_scope(actor).tenant_ids)
    if not code:
        return tenant_ids
    tenant_id = tenant_for_code(code)
    if tenant_id not in tenant_ids:
        raise InvalidInput(_("'%(code)s' is not the code of a municipality whose log you audit") % {"code": code},
                           field="tenant")
    return [tenant_id]
