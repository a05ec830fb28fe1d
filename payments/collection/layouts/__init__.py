"""Declarative result-file layouts: each agency's fixed-length format is a JSON file here, not code.

A layout names its record kinds (header, data, trailer, end) with their type code and fields
(name, 項目名, length, format), which data-kind codes mean 速報/確報/速報取消, where the amount sits,
which trailer fields must equal which counts and sums, and which fields make a record's identity.
Data records must provide the canonical fields the reconciliation reads (``CANONICAL_DATA_FIELDS``).
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_noop

from common.problems import message

FORMATS = {
    "digits": "[0-9]",
    "date": "[0-9]",
    "date_or_zero": "[0-9]",
    "time": "[0-9]",
    "gs1_barcode": "[0-9]",
    "text": ".",
    "blank": " ",
    "choice": "",
}
RECORD_KINDS = ("header", "data", "trailer", "end")
CANONICAL_DATA_FIELDS = ("paid_on", "paid_time", "usage", "barcode", "retailer_code", "store_code",
                         "transfer_date", "accounting_date")
SEMANTIC_KINDS = ("flash", "final", "flash_cancel")


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    start: int  # 0-based offset into the decoded record
    length: int
    format: str
    choices: tuple[str, ...] = ()
    zero_when: tuple[str, ...] = ()
    required_when: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # the registry's data items this field carries (what the exchange gate checks)

    @property
    def end(self) -> int:
        return self.start + self.length

    def where(self) -> dict:
        """The field as a problem names it: its 項目名 and byte positions (a message, translated when read)."""
        return message(gettext_noop("%(label)s (positions %(start)d–%(end)d)"), label=self.label, start=self.start + 1,
                       end=self.end)


@dataclass(frozen=True)
class RecordSpec:
    kind: str
    type_code: str
    fields: tuple[Field, ...]
    pattern: re.Pattern[bytes]

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    record_length: int
    encoding: str
    type_position: int
    records: dict[str, RecordSpec]
    by_type: dict[str, RecordSpec]
    kind_field: str
    kinds: dict[str, str]
    usage_channels: dict[str, str]
    amount: tuple[str, int, int]
    totals: tuple[dict, ...]
    identity: tuple[str, ...]

    @property
    def registry_items(self) -> list[str]:
        """Every data item a file of this layout carries, in record order (what the gate must allow)."""
        items: dict[str, None] = {}
        for kind in RECORD_KINDS:
            for f in self.records[kind].fields:
                items.update(dict.fromkeys(f.items))
        return list(items)


LAYOUT_DIR = Path(__file__).resolve().parent


def _compile(spec: dict) -> Layout:
    length = spec["record_length"]
    records = {}
    for kind in RECORD_KINDS:
        raw = spec["records"][kind]
        fields, offset, pattern = [], 0, []
        for f in raw["fields"]:
            if f["format"] not in FORMATS:
                raise ValueError(f"Layout {spec['name']}: unknown format {f['format']!r} for {f['name']}")
            fields.append(Field(f["name"], f["label"], offset, f["length"], f["format"],
                                tuple(f.get("choices", ())), tuple(f.get("zero_when", ())),
                                tuple(f.get("required_when", ())), tuple(f.get("items", [f["label"]]))))
            if f["format"] == "choice":
                pattern.append("(?:" + "|".join(re.escape(c) for c in f["choices"]) + ")")
            else:
                pattern.append(f"{FORMATS[f['format']]}{{{f['length']}}}")
            offset += f["length"]
        if offset != length:
            raise ValueError(f"Layout {spec['name']}: {kind} fields add up to {offset}, not {length}")
        # Positions are bytes (Shift_JIS text is 2 bytes a character), so records are matched as bytes.
        records[kind] = RecordSpec(kind, raw["type"], tuple(fields),
                                   re.compile("".join(pattern).encode("ascii"), re.DOTALL))
    data_fields = {f.name for f in records["data"].fields}
    missing = set(CANONICAL_DATA_FIELDS) - data_fields
    if missing:
        raise ValueError(f"Layout {spec['name']}: data records lack {sorted(missing)}")
    if set(spec["kinds"].values()) != set(SEMANTIC_KINDS):
        raise ValueError(f"Layout {spec['name']}: kinds must map codes to {SEMANTIC_KINDS}")
    amount = spec["amount"]
    return Layout(
        name=spec["name"], description=spec.get("description", ""), record_length=length,
        encoding=spec["encoding"], type_position=spec["type_position"], records=records,
        by_type={r.type_code: r for r in records.values()}, kind_field=spec["kind_field"], kinds=spec["kinds"],
        usage_channels=spec["usage_channels"],
        amount=(amount["field"], amount["start"] - 1, amount["start"] - 1 + amount["length"]),
        totals=tuple(spec["totals"]), identity=tuple(spec["identity"]),
    )


@cache
def layout_get(name: str) -> Layout:
    """The compiled layout called ``name`` (payments/layouts/<name>.json)."""
    if not re.fullmatch(r"[a-z0-9_]+", name) or not (LAYOUT_DIR / f"{name}.json").is_file():
        raise LookupError(f"No result-file layout named {name!r}")
    return _compile(json.loads((LAYOUT_DIR / f"{name}.json").read_text(encoding="utf-8")))
