"""Turning caller input into checked values: each refusal names the field at fault."""

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from common.errors import InvalidInput
from governance.registry.models import CertificationKind
from governance.tenancy.models import Municipality


def resolve(model: type[models.Model], value: Any, *, municipality: Municipality, field: str,
            queryset: models.QuerySet | None = None, label: str | None = None,
            not_allowed: str | None = None) -> models.Model:
    """The row `value` (an instance or a primary key) names, refused when unknown or of another tenant."""
    label = label or str(model._meta.verbose_name)
    not_allowed = not_allowed or _("is not allowed here")
    if isinstance(value, model):
        obj = value
    else:
        try:
            obj = model.objects.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            obj = None
        if obj is None:
            raise InvalidInput(
                _(
                    "Unknown %(label)s %(value)s"
                )
                % {
                    "label": label,
                    "value": f"{value!r}",
                }, field=field)
    tenant_id = obj.pk if isinstance(obj, Municipality) else getattr(obj, "municipality_id", None)
    if tenant_id is not None and tenant_id != municipality.pk:
        raise InvalidInput(
            _(
                "The %(label)s '%(obj)s' belongs to another municipality"
            )
            % {
                "label": label,
                "obj": obj,
            }, field=field)
    if queryset is not None and not queryset.filter(pk=obj.pk).exists():
        raise InvalidInput(
            _(
                "The %(label)s '%(obj)s' %(not_allowed)s"
            )
            % {
                "label": label,
                "obj": obj,
                "not_allowed": not_allowed,
            }, field=field)
    return obj


def as_text(value: Any, field: str, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(_("%(field)s must be text") % {"field": field}, field=field)
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(
            _(
                "%(field)s is longer than %(max_length)s characters"
            )
            % {
                "field": field,
                "max_length": max_length,
            }, field=field)
    return value


def as_lines(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(_("%(field)s must be a list of texts") % {"field": field}, field=field)
    return list(value)


def as_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(_("%(field)s must be true or false") % {"field": field}, field=field)
    return value


def as_date(value: Any, field: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            _(
                "%(field)s must be a date (YYYY-MM-DD), not %(value)s"
            )
            % {
                "field": field,
                "value": f"{value!r}",
            }, field=field) from None


def as_choice(value: Any, field: str, choices: type[models.TextChoices], *, blank: bool = False) -> str:
    if blank and value in (None, ""):
        return ""
    if value not in choices.values:
        raise InvalidInput(
            _(
                "%(field)s must be one of %(items)s, not %(value)s"
            )
            % {
                "field": field,
                "items": ', '.join(choices.values),
                "value": f"{value!r}",
            }, field=field)
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
        raise InvalidInput(
            _(
                "period_end %(isoformat)s is before period_start %(isoformat2)s"
            )
            % {
                "isoformat": end.isoformat(),
                "isoformat2": start.isoformat(),
            },
                           field="period_end")
    return start, end


def reject_unknown_keys(content: dict, known: set[str]) -> None:
    for key in content:
        if key not in known:
            raise InvalidInput(_("Unknown field %(key)s") % {"key": f"{key!r}"}, field=key)
