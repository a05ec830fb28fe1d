"""Helpers for tests that start real processes against the test database."""

from django.db import connection


def database_url() -> str:
    """The URL of the test database, for a worker or command started as a separate process."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
