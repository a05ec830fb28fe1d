"""Turning caller input into checked values: each refusal names the field at fault."""

import datetime
from typing import Any

from django.db import models

from common.errors import InvalidInput
from governance.registry.models import CertificationKind
from governance.tenancy.models import Municipality


def resolve(model: type[models.Model], value: Any, *, municipality: Municipality, field: str,
            queryset: models.QuerySet | None = None, label: str | None = None,
            not_allowed: str = "is not allowed here") -> models.Model:
    """The row `value` (an instance or a primary key) names, refused when unknown or of another tenant."""
    label = label or str(model._meta.verbose_name)
    if isinstance(value, model):
        obj = value
    else:
        try:
            obj = model.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            obj = None
        if obj is None:
            raise InvalidInput(f"Unknown {label} {value!r}", field=field)
    tenant_id = obj.pk if isinstance(obj, Municipality) else getattr(obj, "municipality_id", None)
    if tenant_id is not None and tenant_id != municipality.pk:
        raise InvalidInput(f"The {label} '{obj}' belongs to another municipality", field=field)
    if queryset is not None and not queryset.filter(pk=obj.pk).exists():
        raise InvalidInput(f"The {label} '{obj}' {not_allowed}", field=field)
    return obj


def as_text(value: Any, field: str, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", field=field)
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(f"{field} is longer than {max_length} characters", field=field)
    return value


def as_lines(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"{field} must be a list of texts", field=field)
    return list(value)


def as_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be true or false", field=field)
    return value


def as_date(value: Any, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{field} must be a date (YYYY-MM-DD), not {value!r}", field=field) from None


def as_choice(value: Any, field: str, choices: type[models.TextChoices], *, blank: bool = False) -> str:
    if blank and value in (None, ""):
        return ""
    if value not in choices.values:
        raise InvalidInput(f"{field} must be one of {', '.join(choices.values)}, not {value!r}", field=field)
    return value


def as_certifications(value: Any, field: str) -> list[str]:
    kinds = as_lines(value, field)
    for index, kind in enumerate(kinds):
        as_choice(kind, f"{field}[{index}]", CertificationKind)
    return sorted(set(kinds))


def period(start: Any, end: Any) -> tuple[datetime.date | None, datetime.date | None]:
    """A start and end date, refused when the end comes before the start."""
    start, end = as_date(start, "period_start"), as_date(end, "period_end")
    if start and end and end < start:
        raise InvalidInput(f"period_end {end.isoformat()} is before period_start {start.isoformat()}",
                           field="period_end")
    return start, end


def reject_unknown_keys(content: dict, known: set[str]) -> None:
    for key in content:
        if key not in known:
            raise InvalidInput(f"Unknown field {key!r}", field=key)
