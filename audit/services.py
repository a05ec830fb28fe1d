"""Writing to the audit log. Callers record inside their own transaction, so an event exists
exactly when the change it describes does."""

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit import chain, context
from audit.models import AuditEvent
from audit.registry import is_registered

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


def audit_record(
    name: str,
    *,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    tenant_id: int | None = None,
    actor_id: int | None = None,
    fields: Iterable[str] = (),
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    Actor, tenant, channel, request id and address come from the bound audit context unless given.
    """
    if not is_registered(name):
        raise ValueError(f"Audit event {name!r} is not registered")
    if obj is not None:
        object_type, object_id = object_reference(obj)
    data = data or {}
    _check_references(data, "data")
    field_names = sorted(set(fields))
    ctx = context.current()
    event = AuditEvent(
        occurred_at=timezone.now(),
        name=name,
        tenant_id=tenant_id if tenant_id is not None else ctx.tenant_id,
        actor_id=actor_id if actor_id is not None else ctx.resolved_actor_id(),
        channel=ctx.channel,
        request_id=ctx.request_id or context.new_request_id(),
        ip_address=ctx.ip_address,
        object_type=object_type,
        object_id=str(object_id),
        fields=field_names,
        data=data,
    )
    with transaction.atomic():
        return chain.append(event)
