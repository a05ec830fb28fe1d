"""The rows of a list of encrypted records, in binary results on PostgreSQL when that loads the very same values.

In text results PostgreSQL sends a ``bytea`` as hex (twice its size, decoded by the driver) and a ``uuid`` as 36
characters the driver parses: for sealed records (a seal and two UUIDs a row) most of what the driver does. In binary
results they come as their bytes. Django's cursor binds parameters on the client, and such a cursor cannot ask for
binary results; the query runs here on a cursor of the same connection that binds on the server and asks for
binary results — wrapped by Django as any cursor (logged, counted, errors translated) — when every column is of a
type whose binary form the driver loads into the value its text form gives Django. Anything else takes the text
cursor, as Django would.
"""

from collections.abc import Iterator
from itertools import chain, islice

from django.core.exceptions import EmptyResultSet, FieldError

from common.database import binary_cursor

# Column types whose binary form psycopg loads into exactly the value Django gets from the text form
# (timestamptz: with Django's time zone, as Django's own text loader does).
_BINARY_TYPES = frozenset({"smallint", "integer", "bigint", "boolean", "uuid", "bytea", "text", "date", "time",
                           "timestamp with time zone"})
# A query bound on the server takes at most 65,535 parameters (one bound on the client has no limit): a long
# ``pk__in`` list stays on the text cursor.
_BINARY_PARAMS = 1000
_field_types: dict = {}  # model field → its column type on PostgreSQL (a model's fields live as long as it)


def row_batches(compiler, size: int, *, chunked_fetch: bool, chunk_size: int,
                binary: bool) -> Iterator[list[tuple]]:
    """The rows of the compiler's query (as ``compiler.execute_sql`` gives them) in lists of up to ``size``.

    ``binary``: whether the query may bind on the server (a model's columns and filters: Django's SQL for them
    binds either way; parameters in the SELECT and GROUP BY clauses may not, Django ticket #34255).

    The compiler's ``select`` is set once the first list is taken. On PostgreSQL the whole result is in the
    client's memory once the query has run, and its rows become Python tuples one list at a time: a list's
    tuples are freed before the next are made (fewer objects alive at once for the cyclic collector).
    """
    connection = compiler.connection
    if chunked_fetch or connection.vendor != "postgresql":
        rows = chain.from_iterable(compiler.execute_sql(chunked_fetch=chunked_fetch, chunk_size=chunk_size))
        while batch := list(islice(rows, size)):
            yield batch
        return
    try:
        sql, params = compiler.as_sql()
        if not sql:
            raise EmptyResultSet
    except EmptyResultSet:
        return
    types = _column_types(compiler.select, connection) if binary and len(params) <= _BINARY_PARAMS else None
    cursor = (connection.cursor() if types is None or not types <= _BINARY_TYPES
              else binary_cursor(connection))
    with cursor:
        cursor.execute(sql, params)
        count = compiler.col_count if compiler.has_extra_select else None
        while batch := cursor.fetchmany(size):
            yield batch if count is None else [row[:count] for row in batch]


def _column_types(select, connection) -> set[str] | None:
    """The column types of the selected expressions (``None``: one is not known)."""
    types = set()
    for expression, _, _ in select:
        field = getattr(expression, "target", None)  # a column (Col) of a model field
        known = _field_types.get(field) if field is not None else None
        if known is None:
            try:
                known = expression.output_field.db_type(connection)
            except (AttributeError, FieldError):  # an expression whose type cannot be told: read as text
                return None
            if known is None:
                return None
            if known.startswith("varchar("):  # loaded as text is
                known = "text"
            if field is not None:
                _field_types[field] = known
        types.add(known)
    return types
