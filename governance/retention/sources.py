"""Retention sources: the models whose records the sweep may remove, registered by the apps that own them.

Governance sits below childcare and payments, so it never imports their models. Each higher app
calls :func:`register_source` in its ``AppConfig.ready()`` naming the model, where its tenant and
trigger dates are, whose data a record is, and how to anonymise it; a tenant's
:class:`~governance.retention.models.RetentionRule` then picks one source, one of its triggers, a period
and an action.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise

from governance.crypto import EncryptedModel
from governance.registry.models import Subject
from governance.retention.models import RetentionAction, RetentionTrigger

Anonymiser = Callable[[models.QuerySet], None]


@dataclass(frozen=True)
class RetentionSource:
    """One registered model. ``triggers`` maps a trigger to the path of a date field (``"contract__ends_on"``)."""

    name: str
    model: type[models.Model]
    triggers: Mapping[str, str]
    subject_type: str
    tenant_field: str = "municipality"
    subject_field: str | None = None
    business_field: str | None = None
    anonymise: Anonymiser | None = None
    label: str | Promise = ""  # in the reader's language: the model's verbose name unless registered otherwise
    actions: tuple[str, ...] = field(default=())

    @property
    def subject_model(self) -> type[models.Model]:
        return self.model if self.subject_field is None else _related_model(self.model, self.subject_field)

    @property
    def subject_label(self) -> str:
        """The audit log's name for the data subject's model, e.g. ``childcare.child``."""
        return self.subject_model._meta.label_lower


_SOURCES: dict[str, RetentionSource] = {}


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    for part in path.split("__"):
        related = model._meta.get_field(part)
        if not related.is_relation or related.related_model is None:
            raise ValueError(f"'{part}' in '{path}' is not a relation of {model._meta.label}")
        model = related.related_model
    return model


def _check_path(model: type[models.Model], path: str, *, kinds: tuple[type[models.Field], ...], what: str) -> None:
    parts = path.split("__")
    try:
        owner = _related_model(model, "__".join(parts[:-1])) if len(parts) > 1 else model
        final = owner._meta.get_field(parts[-1])
    except (FieldDoesNotExist, ValueError) as exc:
        raise ValueError(f"The {what} '{path}' is not a field path of {model._meta.label}: {exc}") from exc
    if not isinstance(final, kinds):
        raise ValueError(f"The {what} '{path}' of {model._meta.label} is a {type(final).__name__}, "
                         f"not a plain {' or '.join(k.__name__ for k in kinds)} the sweep can compare in SQL")


def register_source(*, name: str, model: type[models.Model], triggers: Mapping[str, str], subject_type: str,
                    tenant_field: str = "municipality", subject_field: str | None = None,
                    business_field: str | None = None, anonymise: Anonymiser | None = None,
                    label: str | Promise = "") -> RetentionSource:
    """Let retention rules remove ``model``'s records; call it from the owning app's ``AppConfig.ready()``.

    - ``name``: how rules name the source, e.g. ``"childcare.child"`` (unique);
    - ``triggers``: ``{RetentionTrigger value: path of a plain DateField}``, e.g. ``{"child_left": "left_on"}``;
      a record whose trigger date is empty never expires;
    - ``subject_type``: whose data a record is, a registry :class:`~governance.registry.models.Subject` value;
    - ``tenant_field``: path of the ForeignKey to ``governance.Municipality``;
    - ``subject_field``: path of the ForeignKey to the data subject's record when the record is not the
      subject itself (a slip's ``"payer"``); deletion requests and audit events name that subject;
    - ``business_field``: path of the ForeignKey to ``governance.RegisteredBusiness`` when records say which
      business holds them; a rule then covers only its business's records. Without it a tenant has one
      rule for the source, covering all its records;
    - ``anonymise``: called with a queryset of expired records (inside the batch's transaction); it must
      remove every personal value and keep what statistics need. Without it the action is not offered.

    Crypto-shredding is offered when ``model`` is an :class:`~governance.crypto.EncryptedModel`.
    Registering the same name again replaces the earlier registration (autoreload, tests).
    """
    unknown = set(triggers) - set(RetentionTrigger.values)
    if not triggers or unknown:
        raise ValueError(f"Retention source '{name}': triggers must be some of {RetentionTrigger.values}, "
                         f"not {sorted(unknown) or 'none'}")
    if subject_type not in Subject.values:
        raise ValueError(f"Retention source '{name}': subject_type must be one of {Subject.values}")
    for path in triggers.values():
        _check_path(model, path, kinds=(models.DateField,), what="trigger date")
    _check_path(model, tenant_field, kinds=(models.ForeignKey,), what="tenant field")
    if subject_field is not None:
        _check_path(model, subject_field, kinds=(models.ForeignKey, models.OneToOneField), what="subject field")
    if business_field is not None:
        _check_path(model, business_field, kinds=(models.ForeignKey,), what="business field")
        if _related_model(model, business_field)._meta.label != "governance.RegisteredBusiness":
            raise ValueError(f"Retention source '{name}': business_field must lead to governance.RegisteredBusiness")
    actions = [RetentionAction.DELETE]
    if issubclass(model, EncryptedModel):
        actions.append(RetentionAction.CRYPTO_SHRED)
    if anonymise is not None:
        actions.append(RetentionAction.ANONYMISE)
    source = RetentionSource(name=name, model=model, triggers=MappingProxyType(dict(triggers)),
                             subject_type=subject_type, tenant_field=tenant_field, subject_field=subject_field,
                             business_field=business_field, anonymise=anonymise,
                             label=label or model._meta.verbose_name,
                             actions=tuple(str(a) for a in actions))
    _SOURCES[name] = source
    return source


def unregister_source(name: str) -> None:
    """Forget a source (tests that register temporary ones)."""
    _SOURCES.pop(name, None)


def source_get(name: str) -> RetentionSource | None:
    return _SOURCES.get(name)


def sources_all() -> list[RetentionSource]:
    """The people first (a child, a guardian, a payer: the record is the subject), then records about them."""
    return sorted(_SOURCES.values(), key=lambda s: (s.model._meta.model_name != s.subject_type, s.name))
