"""Write result files in a declarative layout (demo data, tests, the benchmark, exports to check layouts)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from payments.collection.layouts import Layout, RecordSpec


@dataclass
class Group:
    """One header…trailer group: the header's values and the data records' values by field name."""

    header: dict[str, str]
    data: Iterable[dict[str, str]]


def _record(layout: Layout, spec: RecordSpec, values: dict[str, str]) -> bytes:
    parts = []
    for f in spec.fields:
        value = spec.type_code if f.name == "record_type" else values.get(f.name, "")
        if f.format in ("text", "blank"):
            encoded = value.encode(layout.encoding).ljust(f.length, b" ")
        else:
            encoded = str(value).rjust(f.length, "0").encode(layout.encoding)
        if len(encoded) != f.length:
            raise ValueError(f"{f.name} does not fit in {f.length} bytes")
        parts.append(encoded)
    return b"".join(parts)


def result_file_records(layout: Layout, groups: Iterable[Group], *, line_end: bytes = b"\r\n") -> Iterator[bytes]:
    """Yield every record (with its line end) of a file; trailer counts and sums are computed."""
    data_spec = layout.records["data"]
    amount_field, start, end = layout.amount
    for group in groups:
        yield _record(layout, layout.records["header"], group.header) + line_end
        counts: dict[str, int] = {}
        amounts: dict[str, int] = {}
        records = 1
        for values in group.data:
            kind = layout.kinds[values[layout.kind_field]]
            counts[kind] = counts.get(kind, 0) + 1
            amounts[kind] = amounts.get(kind, 0) + int(values[amount_field][start:end])
            records += 1
            yield _record(layout, data_spec, values) + line_end
        trailer = {}
        for total in layout.totals:
            if "count_of" in total:
                trailer[total["field"]] = str(counts.get(total["count_of"], 0))
            elif "amount_of" in total:
                trailer[total["field"]] = str(amounts.get(total["amount_of"], 0))
            else:
                trailer[total["field"]] = str(records + 1)
        yield _record(layout, layout.records["trailer"], trailer) + line_end
    yield _record(layout, layout.records["end"], {}) + line_end
