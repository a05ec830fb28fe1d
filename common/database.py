"""A cursor of Django's PostgreSQL connection that binds its parameters on the server and gives binary results.

Django's cursor binds on the client: parameters are quoted into the SQL text (every element of an array, in
Python, for the server to parse back), and results come as text (a ``bytea`` as hex, a ``uuid`` as 36
characters, a timestamp parsed in Python). For batch statements and hot reads this cursor does neither; Django
wraps it as any cursor it makes (logged, counted, errors translated), and it shares the connection's transaction.
"""

import functools


def binary_cursor(connection):
    """A server-binding, binary-result cursor of ``connection`` (PostgreSQL), to be used as a context manager.

    For integers, boolean, uuid, bytea, text, date, time and timestamptz its values are those Django's text cursor
    gives (timestamps in Django's time zone); jsonb comes parsed, inet as ``ipaddress`` objects.
    """
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _cursor_class()(connection.connection)
    if connection.connection.info.timezone != connection.timezone:
        # psycopg gives the session's time zone (Django's own, UTC, unless USE_TZ is off): Django's, as its text
        # loader does.
        cursor.adapters.register_loader("timestamptz", _timestamptz_loader(connection.timezone))
    return connection._prepare_cursor(cursor)  # Django's wrapping of any cursor it makes


@functools.cache
def _cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class BinaryCursor(ServerBindingCursor):
        # Never prepared: a plan kept on the connection would outlive a migration of its table.
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=False, binary=True)

    return BinaryCursor


@functools.cache
def _timestamptz_loader(timezone):
    """psycopg's binary timestamptz loader giving Django's time zone, as Django's text loader does."""
    from psycopg.types.datetime import TimestamptzBinaryLoader

    class Loader(TimestamptzBinaryLoader):
        def load(self, data):
            return super().load(data).replace(tzinfo=timezone)

    return Loader
