"""Writing to the audit log. Callers record inside their own transaction, so an event exists
exactly when the change it describes does."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import chain, context
from audit.models import AuditEvent, AuditFinding
from audit.registry import is_registered
from common.errors import InvalidInput

_SCALARS = (str, int, bool, type(None))


def _check_references(value: Any, where: str) -> None:
    """Event data is references and codes: JSON scalars, lists and dicts of them; no floats, no objects."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"Audit data key {key!r} in {where} must be a string")
            _check_references(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_references(item, f"{where}[{index}]")
    elif not isinstance(value, _SCALARS):
        raise TypeError(f"Audit data {where} holds a {type(value).__name__}; store a reference instead")


def object_reference(obj: models.Model) -> tuple[str, str]:
    """("app_label.model", "pk") of a model instance."""
    return obj._meta.label_lower, str(obj.pk)


Subject = models.Model | tuple[str, str | int]


def subject_reference(subject: Subject) -> tuple[str, str]:
    return object_reference(subject) if isinstance(subject, models.Model) else (subject[0], str(subject[1]))


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
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Actor, tenant, channel, request id and address come from the bound audit context unless given.
    ``subjects`` names the data subjects concerned (model instances or ("type", id) pairs).
    """
    if not is_registered(name):
        raise ValueError(f"Audit event {name!r} is not registered")
    if obj is not None:
        object_type, object_id = object_reference(obj)
    data = data or {}
    _check_references(data, "data")
    field_names = sorted(set(fields))
    subject_refs = sorted({subject_reference(s) for s in subjects})
    ctx = context.current()
    event = AuditEvent(
        occurred_at=timezone.now(),
        name=name,
        tenant_id=tenant_id if tenant_id is not None else ctx.tenant_id,
        actor_id=actor_id if actor_id is not None else ctx.resolved_actor_id(),
        channel=channel or ctx.channel,
        request_id=ctx.request_id or context.new_request_id(),
        ip_address=ctx.ip_address,
        object_type=object_type,
        object_id=str(object_id),
        fields=field_names,
        subjects=[list(ref) for ref in subject_refs],
        purpose=purpose,
        data=data,
    )
    if not transaction.get_connection().in_atomic_block:
        return chain.append_alone(event)  # a read: its own transaction, one statement
    # No savepoint: a failed append must fail the caller's whole transaction anyway.
    with transaction.atomic(savepoint=False):
        return chain.append(event)


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
) -> AuditEvent:
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
                       result_count: int | None = None) -> AuditEvent:
    """The auditor's own queries are audited too: what was asked (ids and codes), not what was shown."""
    data: dict[str, Any] = {"filters": filters_reference}
    if question:
        data["question"] = question
    if result_count is not None:
        data["result_count"] = result_count
    with transaction.atomic():
        return audit_record("audit.events.exported" if exported else "audit.events.queried", data=data)


def audit_chain_verify(*, actor_id: int | None = None) -> chain.ChainVerification:
    """Verify the whole chain and record that it was verified, with the outcome (unless the head is forged)."""
    result = chain.verify()
    try:
        with transaction.atomic():
            audit_record("audit.chain.verified", actor_id=actor_id,
                         data={"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq})
    except chain.ChainHeadInvalid:
        if result.ok:
            raise
        # The outcome cannot be appended to a chain whose head is forged; the caller reports it.
    return result


@transaction.atomic
def audit_finding_update(*, finding: AuditFinding, status: str, note: str = "") -> AuditFinding:
    """An auditor acknowledges or resolves a finding of the log analysis, with a note."""
    if status not in AuditFinding.Status.values:
        raise InvalidInput(_("Unknown status '%(status)s'") % {"status": status}, field="status")
    finding.status, finding.note = status, note
    finding.save(update_fields=["status", "note", "updated_at"])
    audit_record("audit.finding.updated", obj=finding, tenant_id=finding.tenant_id, data={"status": status})
    return finding
