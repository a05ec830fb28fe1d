"""One streaming pass over a result file: every record checked against its declarative layout.

Memory stays flat: the file is read in blocks, valid data records are handed on in chunks (as
COPY text or as tuples, in the columns of a payment record) and only the problems (capped) and
per-group totals are kept.

Two paths check a record. The fast path takes a well-formed ASCII data record — one compiled
pattern (digits, choices, the barcode's AI, printable text without backslash), cached dates and
times, the check digit over byte slices — and nothing else. Anything it does not accept (every
header, trailer and end record, every record with a problem, Japanese text) goes through the
careful path, which names each problem with its line and reason. The fast path only ever accepts
what the careful path accepts, so the verdict and the messages are the careful path's.
"""

import datetime
import hashlib
import re
import uuid
from binascii import hexlify
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from typing import BinaryIO

from django.utils.translation import gettext_noop

from common.problems import Problem
from payments.collection.layouts import CANONICAL_DATA_FIELDS, Layout, RecordSpec
from payments.slips.barcode import AI, check_digit
from payments.slips.barcode import check_digit_ok as _check_digit_ok

MAX_LISTED_PROBLEMS = 1000
BLOCK_BYTES = 1 << 20
_BOMS = {b"\xef\xbb\xbf": "UTF-8", b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16"}
_AI = AI.encode("ascii")


# The names of encodings as the people who send and read the files write them.
ENCODING_NAMES = {"shift_jis": "Shift_JIS", "cp932": "Windows-31J", "utf-8": "UTF-8", "euc_jp": "EUC-JP"}


def encoding_name(encoding: str) -> str:
    return ENCODING_NAMES.get(encoding.lower().replace("-", "_").replace("utf_8", "utf-8"), encoding)


@dataclass
class _Group:
    header_line: int
    records: int = 1
    counts: dict[str, int] = field(default_factory=dict)
    amounts: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0  # data records whose kind or amount could not be read: totals are not compared


@dataclass
class ScanResult:
    size_bytes: int = 0
    records: int = 0
    data_records: int = 0
    groups: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0


_PRINTABLE_NO_BACKSLASH = rb"[ -\[\]-~]"


def _fast_pattern(layout: Layout, spec: RecordSpec) -> re.Pattern[bytes] | None:
    """The data record as the fast path accepts it: like the layout's pattern, but with its type code, the
    barcode starting with the AI and text printable ASCII without a backslash (so it goes to COPY unescaped).
    None when the type code is not a field of its own (every record then takes the careful path)."""
    parts = []
    type_at = layout.type_position - 1
    if not any(f.start == type_at and f.length == len(spec.type_code) for f in spec.fields):
        return None
    for f in spec.fields:
        if f.start == type_at:
            parts.append(re.escape(spec.type_code.encode("ascii")))
        elif f.format == "choice":
            parts.append(b"(?:" + b"|".join(re.escape(c.encode("ascii")) for c in f.choices) + b")")
        elif f.format == "gs1_barcode":
            parts.append(_AI + b"[0-9]{%d}" % (f.length - len(_AI)))
        elif f.format == "text":
            parts.append(_PRINTABLE_NO_BACKSLASH + b"{%d}" % f.length)
        elif f.format == "blank":
            parts.append(b" {%d}" % f.length)
        else:
            parts.append(b"[0-9]{%d}" % f.length)
    return re.compile(b"".join(parts))


def _copy_text(value: str) -> str:
    """A value in COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def identity_runs(layout: Layout) -> list[tuple[int, int]]:
    """Byte ranges of a data record's identity fields, in order, contiguous ones joined."""
    data = layout.records["data"]
    runs: list[list[int]] = []
    for name in layout.identity:
        f = data.field(name)
        if runs and runs[-1][1] == f.start:
            runs[-1][1] = f.end
        else:
            runs.append([f.start, f.end])
    return [(a, b) for a, b in runs]


def record_key(layout: Layout, record: bytes) -> uuid.UUID:
    """A data record's identity: MD5 of its identity fields (as the scan computes it for the import)."""
    text = b"".join(record[a:b] for a, b in identity_runs(layout))
    return uuid.UUID(bytes=hashlib.md5(text, usedforsecurity=False).digest())


def record_columns(layout: Layout) -> list[tuple[str, int, int]]:
    """The fields a record row carries between its line number and its raw text, with their byte ranges:
    the data kind, the canonical fields and the amount (from the barcode). Cut here rather than in SQL,
    where a dozen ``substr`` of a UTF-8 text and an MD5 cost the server more than the whole import of
    the rest of the record."""
    data = layout.records["data"]
    amount_start = data.field(layout.amount[0]).start
    columns = [("kind", data.field(layout.kind_field))] + [(name, data.field(name)) for name in CANONICAL_DATA_FIELDS]
    return ([(name, f.start, f.end) for name, f in columns]
            + [("amount", amount_start + layout.amount[1], amount_start + layout.amount[2])])


def row_columns(layout: Layout) -> list[str]:
    """The columns of the scan's rows, in order: each is a column of ``payments_paymentrecord``."""
    return ["record_key", "line_number", *(name for name, _, _ in record_columns(layout)), "raw"]


class FileScan:
    """Scan ``stream`` (binary) against ``layout``; iterate :meth:`record_chunks`, then read :attr:`result`.

    A row is ``(identity, line number, *fields, raw record text)`` (:func:`row_columns`): the identity is
    the MD5 of the identity fields as 32 hex digits, the fields are those of :func:`record_columns`, cut at
    their byte positions (a non-ASCII byte reads as one replacement character), a zero date as NULL. Rows
    stop once a problem is found: a file with a problem is rejected whole.
    """

    def __init__(self, layout: Layout, stream: BinaryIO, *, expected_header: dict[str, str] | None = None):
        self.layout = layout
        self.stream = stream
        self.expected_header = expected_header or {}
        self.result = ScanResult()
        self._dates: dict[bytes, bool] = {}
        self._group: _Group | None = None
        self._ended_at = 0
        data = layout.records["data"]
        self._data = data
        self._type_field = next(f for f in data.fields if f.start <= layout.type_position - 1 < f.end)
        self._kind = (data.field(layout.kind_field).start, data.field(layout.kind_field).end)
        amount_field = data.field(layout.amount[0])
        self._amount = (amount_field.start + layout.amount[1], amount_field.start + layout.amount[2])
        self._codes = {kind: code for code, kind in layout.kinds.items()}
        self._semantic_fields = [f for f in data.fields if f.format in ("date", "date_or_zero", "time",
                                                                         "gs1_barcode")]
        # The fast path's checks, precomputed from the layout.
        self._fast = _fast_pattern(layout, data)
        self._fast_dates = [(f.start, f.end) for f in data.fields if f.format == "date"]
        self._fast_times = [(f.start, f.end) for f in data.fields if f.format == "time"]
        self._fast_barcodes = [(f.start, f.end) for f in data.fields if f.format == "gs1_barcode"]
        self._valid_times = {b"%02d%02d" % (h, m) for h in range(24) for m in range(60)}
        self._identity = identity_runs(layout)
        columns = record_columns(layout)
        self._cuts = [(s, e) for _, s, e in columns]
        formats = {f.name: f.format for f in data.fields}
        self._date_columns = [i for i, (name, _, _) in enumerate(columns) if formats.get(name) == "date"]
        self._zero_columns = {s: i for i, (name, s, _) in enumerate(columns) if formats.get(name) == "date_or_zero"}
        self._cut = itemgetter(*(slice(s, e) for s, e in self._cuts))
        self._kinds_by_code = {code.encode("ascii"): kind for code, kind in layout.kinds.items()}
        self._zero_rules: dict[bytes, list[tuple[int, int, str]]] = {}
        for code in layout.kinds:
            rules = []
            for f in data.fields:
                if f.format == "date_or_zero":
                    mode = "zero" if code in f.zero_when else "date" if code in f.required_when else "either"
                    rules.append((f.start, f.end, mode))
            self._zero_rules[code.encode("ascii")] = rules

    # -- reading ---------------------------------------------------------------------------------

    def _blocks(self) -> Iterator[list[bytes]]:
        """Lists of records (without their line ends), read a block at a time.

        Records end in CRLF/LF when the file has line ends; otherwise they are read as fixed blocks.
        A runaway line is cut into pieces of a few record lengths, each counted as a line, so one
        bad line cannot fill memory.
        """
        length = self.layout.record_length
        read = self.stream.read
        head = read(4 * length + 2)
        self.stream.seek(0)
        if b"\n" not in head:
            while True:
                block = read(length * (BLOCK_BYTES // length))
                if not block:
                    return
                self.result.size_bytes += len(block)
                yield [block[i:i + length] for i in range(0, len(block), length)]
        limit = 4 * length
        carry = b""
        while True:
            block = read(BLOCK_BYTES)
            if not block:
                break
            self.result.size_bytes += len(block)
            lines = (carry + block).split(b"\n")
            carry = lines.pop()
            if max(map(len, lines), default=0) < limit:
                records = [line.rstrip(b"\r") for line in lines]
            else:
                records = []
                for line in lines:
                    records.extend(self._pieces(line + b"\n", limit))
            if len(carry) >= limit:  # a runaway line: hand on its whole pieces now
                cut = len(carry) - len(carry) % limit
                records.extend(self._pieces(carry[:cut], limit))
                carry = carry[cut:]
            yield records
        if carry:
            yield self._pieces(carry, limit)

    @staticmethod
    def _pieces(text: bytes, limit: int) -> list[bytes]:
        """A line cut as ``readline(limit)`` cuts it, each piece without its line end."""
        return [text[i:i + limit].rstrip(b"\r\n") for i in range(0, len(text), limit)]

    # -- checking --------------------------------------------------------------------------------

    def _problem(self, line: int, message: str, **params) -> None:
        """Count a problem of ``line``; keep it (its message id and parameters, translated when read) among the
        first ``MAX_LISTED_PROBLEMS``."""
        self.result.problem_count += 1
        if len(self.result.problems) < MAX_LISTED_PROBLEMS:
            self.result.problems.append(Problem(line, message, params))

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
                    self._problem(line, gettext_noop("%(field)s is '%(value)s', not one of %(choices)s"),
                                  field=f.where(), value=shown, choices=", ".join(f.choices))
            elif f.format == "blank":
                if value.strip(b" "):
                    self._problem(line, gettext_noop("%(field)s must be spaces"), field=f.where())
            elif f.format != "text" and not (value.isdigit() and value.isascii()):
                self._problem(line, gettext_noop("%(field)s must be %(length)d digits"), field=f.where(),
                              length=f.length)

    def _check_semantics(self, line: int, spec: RecordSpec, record: bytes, kind_code: str | None) -> bool:
        ok = True
        for f in self._semantic_fields if spec.kind == "data" else spec.fields:
            value = record[f.start:f.end]
            if f.format == "date":
                if not self._date_ok(value):
                    self._problem(line, gettext_noop("%(field)s '%(value)s' is not a date (YYYYMMDD)"), field=f.where(),
                                  value=value.decode())
                    ok = False
            elif f.format == "date_or_zero":
                zero = value == b"0" * f.length
                if zero and kind_code in f.required_when:
                    self._problem(line, gettext_noop("%(field)s is zero on a data kind %(kind)s record, which needs "
                                                     "a date"), field=f.where(), kind=kind_code)
                    ok = False
                elif not zero and kind_code in f.zero_when:
                    self._problem(line, gettext_noop("%(field)s must be 00000000 on a data kind %(kind)s record"),
                                  field=f.where(), kind=kind_code)
                    ok = False
                elif not zero and not self._date_ok(value):
                    self._problem(line, gettext_noop("%(field)s '%(value)s' is not a date (YYYYMMDD)"), field=f.where(),
                                  value=value.decode())
                    ok = False
            elif f.format == "time":
                if int(value[:2]) > 23 or int(value[2:]) > 59:
                    self._problem(line, gettext_noop("%(field)s '%(value)s' is not a time (HHMM)"), field=f.where(),
                                  value=value.decode())
                    ok = False
            elif f.format == "gs1_barcode":
                if value[:2] != _AI:
                    self._problem(line, gettext_noop("%(field)s starts with %(found)s, not %(expected)s"),
                                  field=f.where(), found=value[:2].decode(), expected=AI)
                    ok = False
                elif not _check_digit_ok(value):
                    text = value.decode()
                    self._problem(line, gettext_noop("%(field)s check digit is %(found)s, expected %(expected)s"),
                                  field=f.where(), found=text[43], expected=check_digit(text[:43]))
                    ok = False
        return ok

    def record_chunks(self, *, copy: bool, suffix: bytes = b"") -> Iterator[list]:
        """Lists of the rows of the valid data records, in file order: COPY text lines (bytes, ``suffix``
        before each line end: the caller's constant columns) when ``copy``, else tuples of text (dates
        ISO 8601). Read :attr:`result` once exhausted."""
        result = self.result
        fast = self._fast.fullmatch if self._fast is not None else None
        dates, date_ok = self._fast_dates, self._dates.get
        times, valid_times = self._fast_times, self._valid_times
        barcodes = self._fast_barcodes
        zero_rules, kinds = self._zero_rules, self._kinds_by_code
        ks, ke = self._kind
        as_, ae = self._amount
        zero = {s: b"0" * (e - s) for _, rules in zero_rules.items() for s, e, _ in rules}
        cut, md5 = self._cut, hashlib.md5
        zero_columns = self._zero_columns
        identity = slice(*self._identity[0]) if len(self._identity) == 1 else None
        line = 0
        for block in self._blocks():
            out: list = []
            for record in block:
                line += 1
                group = self._group
                if fast is not None and group is not None and not self._ended_at and fast(record) is not None:
                    ok = True
                    for s, e in dates:
                        known = date_ok(record[s:e])
                        if not known and (known is not None or not self._date_ok(record[s:e])):
                            ok = False
                    for s, e in times:
                        if record[s:e] not in valid_times:
                            ok = False
                    for s, e in barcodes:
                        if not _check_digit_ok(record[s:e]):
                            ok = False
                    kind_code = record[ks:ke]
                    nulls = []
                    for s, e, mode in zero_rules[kind_code]:
                        value = record[s:e]
                        if value == zero[s]:
                            if mode == "date":
                                ok = False
                            if s in zero_columns:  # a date the records keep (a layout may have others)
                                nulls.append(zero_columns[s])
                        elif mode == "zero" or not (date_ok(value) or self._date_ok(value)):
                            ok = False
                    if ok:
                        kind = kinds[kind_code]
                        group.records += 1
                        group.counts[kind] = group.counts.get(kind, 0) + 1
                        group.amounts[kind] = group.amounts.get(kind, 0) + int(record[as_:ae])
                        result.records += 1
                        result.data_records += 1
                        if not result.problem_count:
                            key = hexlify(md5(record[identity] if identity else b"".join(
                                record[a:b] for a, b in self._identity), usedforsecurity=False).digest())
                            fields = cut(record)
                            if nulls:
                                fields = list(fields)
                                for i in nulls:
                                    fields[i] = b"\\N"
                            # ASCII without tab or backslash: COPY text as it is.
                            out.append(b"%b\t%d\t%b\t%b%b\n" % (key, line, b"\t".join(fields), record, suffix) if copy
                                       else self._row(key.decode(), line, [v.decode() for v in fields],
                                                      record.decode("ascii")))
                        continue
                row = self._careful(line, record)
                if row is not None and not result.problem_count:
                    row = self._row(*self._careful_row(*row))
                    out.append("\t".join(["\\N" if v is None else _copy_text(str(v)) for v in row]).encode()
                               + suffix + b"\n" if copy else row)
            if out:
                yield out
        if self._group is not None:
            self._problem(line + 1, gettext_noop("the file ends inside the group of line %(header)d (no trailer "
                                                 "record)"), header=self._group.header_line)
        if not self._ended_at and line:
            self._problem(line + 1, gettext_noop("the file ends without an end record"))
        if not line:
            self._problem(0, gettext_noop("the file is empty"))

    def _row(self, key: str, line: int, fields: list[str], raw: str) -> tuple:
        """A data record's row as text, dates ISO 8601 and zero ones NULL (the fast path's COPY lines
        leave PostgreSQL to read YYYYMMDD and write NULL as ``\\N``)."""
        for i in self._date_columns:
            fields[i] = f"{fields[i][:4]}-{fields[i][4:6]}-{fields[i][6:]}"
        for i in self._zero_columns.values():
            value = fields[i]
            fields[i] = None if value in ("\\N", "0" * len(value)) else f"{value[:4]}-{value[4:6]}-{value[6:]}"
        return (key, line, *fields, raw)

    def _careful_row(self, line: int, raw: str, positional: str) -> tuple:
        """The row of a valid data record from its text and its positional text (one character a byte),
        as the fast path makes it from the bytes of an ASCII record."""
        identity = "".join(positional[a:b] for a, b in self._identity).encode()
        return (hashlib.md5(identity, usedforsecurity=False).hexdigest(), line,
                [positional[s:e] for s, e in self._cuts], raw)

    def _careful(self, line: int, record: bytes) -> tuple[int, str, str] | None:
        """Check one record, naming every problem; return (line, text, positional text) of a valid data record."""
        layout = self.layout
        length = layout.record_length
        encoding = layout.encoding
        shown_encoding = encoding_name(encoding)
        type_at = layout.type_position - 1
        self.result.records += 1
        group = self._group
        if line == 1:
            for bom, name in _BOMS.items():
                if record.startswith(bom):
                    self._problem(1, gettext_noop("the file is %(found)s (byte-order mark); the layout needs "
                                                  "%(encoding)s"), found=name, encoding=shown_encoding)
        if len(record) != length:
            self._problem(line, gettext_noop("the record is %(length)d bytes, not %(expected)d"), length=len(record),
                          expected=length)
        readable = True
        if not record.isascii():
            # UTF-8 Japanese often also decodes as Shift_JIS (to nonsense): name the likely encoding.
            try:
                record.decode("utf-8")
                self._problem(line, gettext_noop("the record is UTF-8 text, not %(encoding)s"), encoding=shown_encoding)
                readable = False
            except UnicodeDecodeError:
                try:
                    record.decode(encoding)
                except UnicodeDecodeError as exc:
                    self._problem(line, gettext_noop("byte %(byte)d is not %(encoding)s"), byte=exc.start + 1,
                                  encoding=shown_encoding)
                    readable = False
        nul = record.find(b"\0")
        if nul >= 0:  # a text field's pattern takes any byte, but no database text can hold this one
            self._problem(line, gettext_noop("byte %(byte)d is a NUL (0x00), which no field may hold"), byte=nul + 1)
            readable = False
        spec = layout.by_type.get(record[type_at:type_at + 1].decode("ascii", "replace"))
        if self._ended_at:
            self._problem(line, gettext_noop("a record follows the end record on line %(end)d"), end=self._ended_at)
            return None
        if spec is None:
            self._problem(line, gettext_noop("%(field)s '%(value)s' is not a known record type (%(expected)s)"),
                          field=self._type_field.where(),
                          value=record[type_at:type_at + 1].decode(encoding, "replace"),
                          expected=", ".join(sorted(layout.by_type)))
            return None
        # Group structure: header, data…, trailer; groups repeat; one end record closes the file.
        if spec.kind == "header":
            if group is not None:
                self._problem(line, gettext_noop("a header record starts a group while the group of line "
                                                 "%(header)d has no trailer record"), header=group.header_line)
            group = self._group = _Group(header_line=line)
            self.result.groups += 1
        elif spec.kind == "data" and group is None:
            self._problem(line, gettext_noop("a data record outside a group (no header record before it)"))
            return None
        elif spec.kind == "trailer" and group is None:
            self._problem(line, gettext_noop("a trailer record outside a group (no header record before it)"))
            return None
        elif spec.kind == "end":
            if group is not None:
                self._problem(line, gettext_noop("the end record comes before the trailer record of the group of line "
                                       "%(header)d"), header=group.header_line)
            self._ended_at = line
        elif group is not None:
            group.records += 1
        if not readable or len(record) != length or not spec.pattern.fullmatch(record):
            if readable and len(record) == length:
                self._diagnose(line, spec, record)
            if spec.kind == "data" and group is not None:
                group.unreadable += 1
            return None
        kind_code = None
        if spec.kind == "data":
            # Counted before the semantic checks so one bad date does not also upset the trailer.
            ks, ke = self._kind
            as_, ae = self._amount
            kind_code = record[ks:ke].decode("ascii")
            kind = layout.kinds[kind_code]
            group.counts[kind] = group.counts.get(kind, 0) + 1
            group.amounts[kind] = group.amounts.get(kind, 0) + int(record[as_:ae])
            self.result.data_records += 1
        if not self._check_semantics(line, spec, record, kind_code):
            return None
        if spec.kind == "header":
            for name, expected in self.expected_header.items():
                f = spec.field(name)
                if record[f.start:f.end].decode(encoding) != expected:
                    self._problem(line, gettext_noop("%(field)s is '%(value)s', not '%(expected)s' of this ward's "
                                                     "agreement"),
                                  field=f.where(), value=record[f.start:f.end].decode(encoding), expected=expected)
        elif spec.kind == "data":
            return line, record.decode(encoding), record.decode("ascii", "replace")
        elif spec.kind == "trailer":
            self._check_totals(line, spec, record, group)
            self._group = None
        return None

    def _check_totals(self, line: int, spec: RecordSpec, record: bytes, group: _Group) -> None:
        if group.unreadable:
            return  # the unreadable records are reported; their kinds and amounts are unknown
        for total in self.layout.totals:
            f = spec.field(total["field"])
            declared = int(record[f.start:f.end])
            if "count_of" in total:
                code = self._codes[total["count_of"]]
                actual = group.counts.get(total["count_of"], 0)
                message = gettext_noop("%(field)s is %(declared)d but the group of line %(header)d holds %(actual)d "
                                       "data kind %(kind)s records")
            elif "amount_of" in total:
                code = self._codes[total["amount_of"]]
                actual = group.amounts.get(total["amount_of"], 0)
                message = gettext_noop("%(field)s is %(declared)d but the group of line %(header)d holds %(actual)d "
                                       "yen in data kind %(kind)s records")
            else:
                code, actual = "", group.records
                message = gettext_noop("%(field)s is %(declared)d but the group of line %(header)d holds %(actual)d "
                                       "records from header record to trailer record")
            if declared != actual:
                self._problem(line, message, field=f.label, declared=declared, header=group.header_line,
                              actual=actual, kind=code)
