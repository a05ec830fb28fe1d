"""Payload builders: how a higher app turns record ids into rows of named data items.

The gate never imports payments or childcare; they register a builder in AppConfig.ready():

    register_payload_builder("payments.slips", build_slip_rows)

A builder receives the tenant, the record ids and the ALLOWED item names, and yields one dict per
record keyed by those item names (the registry's DataItem names, e.g. "氏名").
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from common.errors import InvalidInput


@dataclass(frozen=True)
class PayloadRequest:
    municipality_id: int
    record_ids: Sequence[Any]
    fields: Sequence[str]


PayloadBuilder = Callable[[PayloadRequest], Iterable[Mapping[str, Any]]]
_builders: dict[str, PayloadBuilder] = {}


def register_payload_builder(name: str, builder: PayloadBuilder) -> None:
    if _builders.get(name, builder) is not builder:
        raise ValueError(f"A payload builder named {name!r} is already registered")
    _builders[name] = builder


def payload_builder(name: str) -> PayloadBuilder:
    try:
        return _builders[name]
    except KeyError:
        raise InvalidInput(f"Unknown payload '{name}' (registered: {', '.join(sorted(_builders)) or 'none'})",
                           field="payload") from None

