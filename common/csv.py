"""The one CSV writer of every export: UTF-8 with a BOM, CRLF, and no cell a spreadsheet would run.

Excel on Japanese Windows reads UTF-8 correctly only with a BOM. A cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is run as a formula by Excel and LibreOffice (CSV injection), so such a
cell is written with a leading apostrophe, as OWASP recommends. Only text is neutralised: ints, Decimals and
floats are values the code computed and are written as numbers (a refund of -500 yen stays -500), while
every other value (text, dates, model instances) is written as its text and neutralised when needed.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "text/csv; charset=utf-8"


class _Echo:
    """A file that hands back what is written, so that each row is yielded as it is formatted."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> object:
    """The value as written to a cell: None empty, numbers as they are, any other value as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Sequence, rows: Iterable[Sequence]) -> Iterator[str]:
    """The CSV line by line, the BOM before the header: for exports streamed as they are read."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM + writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The whole CSV as UTF-8 bytes (a file that is hashed, encrypted or stored)."""
    return "".join(csv_lines(header, rows)).encode("utf-8")


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download written before it is returned, so what it read can be recorded first."""
    return _attachment(HttpResponse(csv_bytes(header, rows), content_type=CONTENT_TYPE), filename)


def csv_streaming_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download written while it is sent: for exports too large to hold in memory."""
    return _attachment(StreamingHttpResponse(csv_lines(header, rows), content_type=CONTENT_TYPE), filename)
