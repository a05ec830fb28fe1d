"""Payload builders: how a higher app turns record ids into rows of named data items.

The gate never imports payments or childcare; they register a builder in AppConfig.ready():

    register_payload_builder("payments.slips", build_slip_rows)

A builder receives the tenant, the record ids and the ALLOWED item names, and yields one dict per
record keyed by those item names (the registry's DataItem names, e.g. "氏名").

The gate also records WHOSE data crossed (governance.exchange.models.LedgerSubject and the exchange's
audit event), so that the parties that received a subject's data can later be asked to erase it. A
builder names its subjects either by type, when the record ids are the subjects' own ids:

    register_payload_builder("childcare.children", build_child_rows, subject_type="childcare.child")

or with a resolver from the request to ("type", id) references, when records belong to a subject:

    register_payload_builder("payments.slips", build_slip_rows, subjects=slip_payers)
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from common.errors import InvalidInput


@dataclass(frozen=True)
class PayloadRequest:
    municipality_id: int
    record_ids: Sequence[Any]
    fields: Sequence[str]


PayloadBuilder = Callable[[PayloadRequest], Iterable[Mapping[str, Any]]]
SubjectResolver = Callable[[PayloadRequest], Iterable[tuple[str, Any]]]
_builders: dict[str, PayloadBuilder] = {}
_subjects: dict[str, SubjectResolver] = {}


def register_payload_builder(name: str, builder: PayloadBuilder, *, subject_type: str = "",
                             subjects: SubjectResolver | None = None) -> None:
    if _builders.get(name, builder) is not builder:
        raise ValueError(f"A payload builder named {name!r} is already registered")
    if subject_type and subjects is not None:
        raise ValueError(f"Payload builder {name!r}: give subject_type or subjects, not both")
    _builders[name] = builder
    if subject_type:
        _subjects[name] = lambda request: ((subject_type, record_id) for record_id in request.record_ids)
    elif subjects is not None:
        _subjects[name] = subjects


def payload_subjects(name: str, request: PayloadRequest) -> list[tuple[str, str]]:
    """The subjects whose data a payload carries, as sorted unique ("type", "id") pairs (none if undeclared)."""
    resolver = _subjects.get(name)
    if resolver is None:
        return []
    return sorted({(str(kind), str(pk)) for kind, pk in resolver(request)})


def payload_builder(name: str) -> PayloadBuilder:
    try:
        return _builders[name]
    except KeyError:
        raise InvalidInput(
            _(
                "Unknown payload '%(name)s' (registered: %(value3)s)"
            )
            % {
                "name": name,
                "value3": ', '.join(sorted(_builders)) or 'none',
            },
                           field="payload") from None

