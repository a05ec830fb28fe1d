"""One streaming pass over a result file: every record checked against its declarative layout.

Memory stays flat: records are read one at a time, valid data records are handed on as tuples
(for COPY into a staging table) and only the problems (capped) and per-group totals are kept.
"""

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from payments.barcode import AI, check_digit
from payments.barcode import check_digit_ok as _check_digit_ok
from payments.layouts import CANONICAL_DATA_FIELDS, Layout, RecordSpec

MAX_LISTED_PROBLEMS = 1000
_BOMS = {b"\xef\xbb\xbf": "UTF-8", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
_AI = AI.encode("ascii")


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self):
        return f"line {self.line}: {self.reason}" if self.line else self.reason


@dataclass
class _Group:
    header_line: int
    records: int = 1
    counts: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0  # data records whose kind or amount could not be read: totals are not compared


@dataclass
class ScanResult:
    sha256: str = ""
    size_bytes: int = 0
    records: int = 0
    data_records: int = 0
    groups: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0


class FileScan:
    """Scan ``stream`` (binary) against ``layout``; iterate :meth:`data_rows`, then read :attr:`result`.

    Each data row is ``(line, record_key, kind_code, paid_on, paid_time, usage, barcode, amount,
    retailer_code, store_code, transfer_date|None, accounting_date|None, raw)`` with dates as
    YYYYMMDD text. Rows stop once a problem is found: a file with a problem is rejected whole.
    """

    def __init__(self, layout: Layout, stream: BinaryIO, *, expected_header: dict[str, str] | None = None):
        self.layout = layout
        self.stream = stream
        self.expected_header = expected_header or {}
        self.result = ScanResult()
        self._dates: dict[bytes, bool] = {}
        data = layout.records["data"]
        self._canonical = [(data.field(name).start, data.field(name).end) for name in CANONICAL_DATA_FIELDS]
        self._kind = (data.field(layout.kind_field).start, data.field(layout.kind_field).end)
        self._identity = [(data.field(name).start, data.field(name).end) for name in layout.identity]
        amount_field = data.field(layout.amount[0])
        self._amount = (amount_field.start + layout.amount[1], amount_field.start + layout.amount[2])
        self._codes = {kind: code for code, kind in layout.kinds.items()}
        self._semantic_fields = [f for f in data.fields if f.format in ("date", "date_or_zero", "time",
                                                                         "gs1_barcode")]

    # -- reading ---------------------------------------------------------------------------------

    def _records(self) -> Iterator[tuple[int, bytes]]:
        """(line number, record bytes without its line end), from lines or fixed blocks, hashing as it goes.

        Records end in CRLF/LF when the file has line ends; otherwise they are read as fixed blocks.
        A runaway line is cut at a few record lengths so one bad line cannot fill memory.
        """
        digest = hashlib.sha256()
        length = self.layout.record_length
        head = self.stream.read(4 * length + 2)
        self.stream.seek(0)
        if b"\n" in head:
            limit = 4 * length

            def chunks():
                return self.stream.readline(limit)
        else:
            def chunks():
                return self.stream.read(length)
        for line, chunk in enumerate(iter(chunks, b""), 1):
            digest.update(chunk)
            self.result.size_bytes += len(chunk)
            yield line, chunk.rstrip(b"\r\n")
        self.result.sha256 = digest.hexdigest()

    # -- checking --------------------------------------------------------------------------------

    def _problem(self, line: int, reason: str) -> None:
        self.result.problem_count += 1
        if len(self.result.problems) < MAX_LISTED_PROBLEMS:
            self.result.problems.append(Problem(line, reason))

    def _date_ok(self, value: bytes) -> bool:
        known = self._dates.get(value)
        if known is None:
            try:
                datetime.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
                known = True
            except ValueError:
                known = False
            self._dates[value] = known
        return known

    def _diagnose(self, line: int, spec: RecordSpec, record: bytes) -> None:
        """Name every field of a record that does not have its format."""
        for f in spec.fields:
            value = record[f.start:f.end]
            if f.format == "choice":
                if value.decode("ascii", "replace") not in f.choices:
                    shown = value.decode(self.layout.encoding, "replace")
                    self._problem(line, f"{f.where()} is '{shown}', not one of {', '.join(f.choices)}")
            elif f.format == "blank":
                if value.strip(b" "):
                    self._problem(line, f"{f.where()} must be spaces")
            elif f.format != "text" and not (value.isdigit() and value.isascii()):
                self._problem(line, f"{f.where()} must be {f.length} digits")

    def _check_semantics(self, line: int, spec: RecordSpec, record: bytes, kind_code: str | None) -> bool:
        ok = True
        for f in self._semantic_fields if spec.kind == "data" else spec.fields:
            value = record[f.start:f.end]
            if f.format == "date":
                if not self._date_ok(value):
                    self._problem(line, f"{f.where()} '{value.decode()}' is not a date (YYYYMMDD)")
                    ok = False
            elif f.format == "date_or_zero":
                zero = value == b"0" * f.length
                if zero and kind_code in f.required_when:
                    self._problem(line, f"{f.where()} is zero on a data kind {kind_code} record, which needs a date")
                    ok = False
                elif not zero and kind_code in f.zero_when:
                    self._problem(line, f"{f.where()} must be 00000000 on a data kind {kind_code} record")
                    ok = False
                elif not zero and not self._date_ok(value):
                    self._problem(line, f"{f.where()} '{value.decode()}' is not a date (YYYYMMDD)")
                    ok = False
            elif f.format == "time":
                if int(value[:2]) > 23 or int(value[2:]) > 59:
                    self._problem(line, f"{f.where()} '{value.decode()}' is not a time (HHMM)")
                    ok = False
            elif f.format == "gs1_barcode":
                if value[:2] != _AI:
                    self._problem(line, f"{f.where()} starts with {value[:2].decode()}, not {AI}")
                    ok = False
                elif not _check_digit_ok(value):
                    text = value.decode()
                    self._problem(line, f"{f.where()} check digit is {text[43]}, expected "
                                        f"{check_digit(text[:43])}")
                    ok = False
        return ok

    def data_rows(self) -> Iterator[tuple]:
        layout = self.layout
        length = layout.record_length
        encoding = layout.encoding
        type_at = layout.type_position - 1
        kinds = layout.kinds
        group: _Group | None = None
        ended_at = 0
        last_line = 0
        canonical, identity = self._canonical, self._identity
        ks, ke = self._kind
        as_, ae = self._amount
        for line, record in self._records():
            last_line = line
            self.result.records += 1
            if line == 1:
                for bom, name in _BOMS.items():
                    if record.startswith(bom):
                        self._problem(1, f"the file is {name} (byte-order mark); the layout needs {encoding}")
            if len(record) != length:
                self._problem(line, f"the record is {len(record)} bytes, not {length}")
            readable = True
            if not record.isascii():
                # UTF-8 Japanese often also decodes as Shift_JIS (to nonsense): name the likely encoding.
                try:
                    record.decode("utf-8")
                    self._problem(line, f"the record is UTF-8 text, not {encoding}")
                    readable = False
                except UnicodeDecodeError:
                    try:
                        record.decode(encoding)
                    except UnicodeDecodeError as exc:
                        self._problem(line, f"byte {exc.start + 1} is not {encoding}")
                        readable = False
            spec = layout.by_type.get(record[type_at:type_at + 1].decode("ascii", "replace"))
            if ended_at:
                self._problem(line, f"a record follows the end record on line {ended_at}")
                continue
            if spec is None:
                self._problem(line, f"unknown record type '{record[type_at:type_at + 1].decode(encoding, 'replace')}'"
                                    f" (expected {', '.join(sorted(layout.by_type))})")
                continue
            # Group structure: header, data…, trailer; groups repeat; one end record closes the file.
            if spec.kind == "header":
                if group is not None:
                    self._problem(line, f"a header starts a group while the group of line {group.header_line} "
                                        "has no trailer")
                group = _Group(header_line=line)
                self.result.groups += 1
            elif spec.kind in ("data", "trailer") and group is None:
                self._problem(line, f"a {spec.kind} record outside a group (no header before it)")
                continue
            elif spec.kind == "end":
                if group is not None:
                    self._problem(line, f"the end record comes before the trailer of the group of line "
                                        f"{group.header_line}")
                ended_at = line
            elif group is not None:
                group.records += 1
            if not readable or len(record) != length or not spec.pattern.fullmatch(record):
                if readable and len(record) == length:
                    self._diagnose(line, spec, record)
                if spec.kind == "data" and group is not None:
                    group.unreadable += 1
                continue
            kind_code = None
            if spec.kind == "data":
                # Counted before the semantic checks so one bad date does not also upset the trailer.
                kind_code = record[ks:ke].decode("ascii")
                kind = kinds[kind_code]
                amount = int(record[as_:ae])
                group.counts[kind] = group.counts.get(kind, 0) + 1
                group.amounts[kind] = group.amounts.get(kind, 0) + amount
                self.result.data_records += 1
            if not self._check_semantics(line, spec, record, kind_code):
                continue
            if spec.kind == "header":
                for name, expected in self.expected_header.items():
                    f = spec.field(name)
                    if record[f.start:f.end].decode(encoding) != expected:
                        self._problem(line, f"{f.where()} is '{record[f.start:f.end].decode(encoding)}', "
                                            f"not '{expected}' of this ward's agreement")
            elif spec.kind == "data":
                if self.result.problem_count:
                    continue
                values = [record[s:e].decode("ascii") for s, e in canonical]
                for i in (6, 7):  # transfer and accounting dates: zero means none
                    if values[i].strip("0") == "":
                        values[i] = None
                yield (line, "".join(record[s:e].decode("ascii") for s, e in identity), kind_code,
                       values[0], values[1], values[2], values[3], amount, values[4], values[5], values[6],
                       values[7], record.decode(encoding))
            elif spec.kind == "trailer":
                self._check_totals(line, spec, record, group)
                group = None
        if group is not None:
            self._problem(last_line + 1, f"the file ends inside the group of line {group.header_line} (no trailer)")
        if not ended_at and last_line:
            self._problem(last_line + 1, "the file ends without an end record")
        if not last_line:
            self._problem(0, "the file is empty")

    def _check_totals(self, line: int, spec: RecordSpec, record: bytes, group: _Group) -> None:
        if group.unreadable:
            return  # the unreadable records are reported; their kinds and amounts are unknown
        for total in self.layout.totals:
            f = spec.field(total["field"])
            declared = int(record[f.start:f.end])
            if "count_of" in total:
                code = self._codes[total["count_of"]]
                actual, what = group.counts.get(total["count_of"], 0), f"data kind {code} records"
            elif "amount_of" in total:
                code = self._codes[total["amount_of"]]
                actual, what = group.amounts.get(total["amount_of"], 0), f"yen in data kind {code} records"
            else:
                actual, what = group.records, "records from header to trailer"
            if declared != actual:
                self._problem(line, f"{f.label} is {declared} but the group of line {group.header_line} "
                                    f"holds {actual} {what}")
