"""Writing to the audit log. Callers record inside their own transaction, so an event exists
exactly when the change it describes does."""

from collections.abc import Iterable
from dataclasses import dataclass
from time import monotonic, sleep
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from audit import chain, context
from audit.models import AuditFinding
from audit.registry import is_registered
from common.errors import InvalidInput

_SCALARS = (str, int, bool, type(None))
_PLAIN = frozenset(_SCALARS)  # exact types: the common case, checked without isinstance or naming the place


def _as_stored(value: Any, where: str) -> Any:
    """Event data is references and codes: JSON scalars, lists and dicts of them; no floats, no objects.

    Checked, and copied as the database gives it back (what JSON makes of it): tuples as lists, subclasses of
    str and int as plain str and int; the event handed back holds no list or dict of the caller's.
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dict):
        stored = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"Audit data key {key!r} in {where} must be a string")
            stored[key if type(key) is str else str.__str__(key)] = (
                item if type(item) in _PLAIN else _as_stored(item, f"{where}.{key}"))
        return stored
    if isinstance(value, list | tuple):
        return [item if type(item) in _PLAIN else _as_stored(item, f"{where}[{index}]")
                for index, item in enumerate(value)]
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):  # bool is plain: an int subclass is written as the int
        return int.__int__(value)
    raise TypeError(f"Audit data {where} holds a {type(value).__name__}; store a reference instead")


def object_reference(obj: models.Model) -> tuple[str, str]:
    """("app_label.model", "pk") of a model instance."""
    return obj._meta.label_lower, str(obj.pk)


Subject = models.Model | tuple[str, str | int]


def subject_reference(subject: Subject) -> tuple[str, str]:
    return object_reference(subject) if isinstance(subject, models.Model) else (subject[0], str(subject[1]))


def _address(ip: str | None) -> str | None:
    """The address as the database's inet gives it back (IPv6 compressed), so the MAC covers the stored text."""
    if ip and ":" in ip:
        try:
            return clean_ipv6_address(ip)
        except ValidationError:  # stored as given, as GenericIPAddressField does
            return ip
    return ip


def audit_record(
    name: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    tenant_id: int | None = None,
    actor_id: int | None = None,
    fields: Iterable[str] = (),
    subjects: Iterable[Subject] = (),
    purpose: str = "",
    channel: str | None = None,
    data: dict[str, Any] | None = None,
) -> chain.NewEvent:
    """Append one event to the chain, inside the caller's transaction; the event as written (with its ``seq``).

    Actor, tenant, channel, request id and address come from the bound audit context unless given.
    ``subjects`` names the data subjects concerned (model instances or ("type", id) pairs).
    Outside any transaction (a read) the event is one statement, committed at once.
    """
    if not is_registered(name):
        raise ValueError(f"Audit event {name!r} is not registered")
    if obj is not None:
        object_type, object_id = object_reference(obj)
    data = _as_stored(data, "data") if data else {}
    ctx = context.current()
    if tenant_id is None:
        tenant_id = ctx.tenant_id
    if actor_id is None:
        actor_id = ctx.resolved_actor_id()
    new = chain.NewEvent(
        occurred_at=timezone.now(),
        name=name,
        tenant_id=tenant_id,
        actor_id=actor_id,
        channel=channel or ctx.channel,
        request_id=ctx.request_id or context.new_request_id(),
        ip_address=_address(ctx.ip_address),
        object_type=object_type,
        object_id=str(object_id),
        fields=sorted(set(fields)),
        subjects=[list(ref) for ref in sorted({subject_reference(s) for s in subjects})],
        purpose=purpose,
        data=data,
    )
    return chain.append(new)


def record_access(
    *,
    subjects: Iterable[Subject],
    fields: Iterable[str],
    purpose: str,
    tenant_id: int,
    channel: str | None = None,
    sensitive_fields: Iterable[str] = (),
    subject_facility_ids: Iterable[int] = (),
    actor_facility_ids: Iterable[int] | None = None,
    searched_by: Iterable[str] | None = None,
) -> chain.NewEvent:
    """Record one read of personal fields (a page, API response, export or PDF): who, whom, which fields, why.

    A list records every subject it shows. Facility ids let the periodic analysis spot access to
    subjects of another facility; ``None`` for an actor not bound to facilities. A search names the
    fields it matched on (``searched_by``; never the values searched for), found anyone or not.
    """
    data: dict[str, Any] = {"sensitive_fields": sorted(set(sensitive_fields))}
    if searched_by is not None:
        data["searched_by"] = sorted(set(searched_by))
    if actor_facility_ids is not None:
        data["actor_facility_ids"] = sorted(set(actor_facility_ids))
        data["subject_facility_ids"] = sorted(set(subject_facility_ids))
    return audit_record("audit.personal_data.read", subjects=subjects, fields=fields, purpose=purpose,
                        tenant_id=tenant_id, channel=channel, data=data)


def audit_query_record(*, filters_reference: dict, question: str = "", exported: bool = False,
                       result_count: int | None = None) -> chain.NewEvent:
    """The auditor's own queries are audited too: what was asked (ids and codes), not what was shown."""
    data: dict[str, Any] = {"filters": filters_reference}
    if question:
        data["question"] = question
    if result_count is not None:
        data["result_count"] = result_count
    with transaction.atomic():
        return audit_record("audit.events.exported" if exported else "audit.events.queried", data=data)


@dataclass(frozen=True)
class LogVerification:
    """The outcome of verifying some tenants' chains, one result each."""

    results: tuple[chain.ChainVerification, ...]

    @property
    def broken(self) -> chain.ChainVerification | None:
        return next((r for r in self.results if not r.ok), None)

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def checked(self) -> int:
        return sum(r.checked for r in self.results)

    @property
    def unsealed(self) -> int:
        return sum(r.unsealed for r in self.results)

    @property
    def first_bad_seq(self) -> int | None:
        return self.broken.first_bad_seq if self.broken else None

    @property
    def problem(self) -> str:
        return self.broken.problem if self.broken else ""

    def summary(self) -> str:
        return "\n".join(r.summary() for r in self.results) or "No audit events yet: nothing to verify."


def audit_chain_verify(*, chains: Iterable[int] | None = None, actor_id: int | None = None) -> LogVerification:
    """Verify the given tenants' chains (every chain by default), each reading only its own events, and record
    that they were verified, with the outcome (unless a head is forged, which nothing may be appended after)."""
    targets = chain.chains() if chains is None else sorted(set(chains))
    result = LogVerification(tuple(chain.verify(c) for c in targets))
    for outcome in result.results:
        with transaction.atomic():
            audit_record("audit.chain.verified", actor_id=actor_id, tenant_id=outcome.chain or None,
                         data={"ok": outcome.ok, "checked": outcome.checked, "first_bad_seq": outcome.first_bad_seq,
                               "unsealed": outcome.unsealed})
    return result


def audit_log_seal(*, force_checkpoint: bool = False, batch: int = chain.BATCH, wait: bool = False,
                   seconds: float = 0.0, pause: float = 0.2) -> chain.SealResult:
    """Seal what was written, write the checkpoints that are due, and turn overdue unsealed events into findings.

    With ``seconds``, seal again every ``pause`` seconds until that time is spent (the beat task: an event then
    waits about ``pause`` to be sealed, not beat's interval); another sealer found at work ends the run.
    """
    began = monotonic()
    result = chain.seal(force_checkpoint=force_checkpoint, batch=batch, wait=wait)
    last = monotonic() - began
    # A round starts only if it should end within the time: under load the task still ends before beat sends the
    # next one, so its messages never pile up.
    while not result.busy and monotonic() + pause + last < began + seconds:
        sleep(pause)
        started = monotonic()
        result.add(chain.seal(force_checkpoint=force_checkpoint, batch=batch, wait=wait))
        last = monotonic() - started
    audit_unsealed_findings()
    return result


def audit_unsealed_findings() -> int:
    """One finding per tenant and day for events still unsealed past AUDIT_SEAL_OVERDUE (the sealer stopped on
    a chain whose head or event fails its MAC, or is not running); the number of tenants concerned."""
    overdue = chain.unsealed_overdue()
    day = timezone.localdate()
    for chain_id, seqs in overdue.items():
        tenant_id = chain_id or None
        with transaction.atomic():
            AuditFinding.objects.update_or_create(
                key=f"{tenant_id}:{AuditFinding.Kind.UNSEALED}:None:{day.isoformat()}",
                defaults={"tenant_id": tenant_id, "kind": AuditFinding.Kind.UNSEALED, "actor_id": None, "day": day,
                          "event_seqs": seqs[:1000], "count": len(seqs)})
    return len(overdue)


@transaction.atomic
def audit_finding_update(*, finding: AuditFinding, status: str, note: str = "") -> AuditFinding:
    """An auditor acknowledges or resolves a finding of the log analysis, with a note."""
    if status not in AuditFinding.Status.values:
        raise InvalidInput(_("Unknown status '%(status)s'") % {"status": status}, field="status")
    finding.status, finding.note = status, note
    finding.save(update_fields=["status", "note", "updated_at"])
    audit_record("audit.finding.updated", obj=finding, tenant_id=finding.tenant_id, data={"status": status})
    return finding
