"""Shared setup of the field-encryption benchmarks: a database of their own and tables of their own.

The benchmark models are declared here, at run time, with the same field types a product model
uses (``governance.crypto``); their tables are created with Django's schema editor, so no
migration of the product contains them.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import psycopg


def setup(default_url: str):
    """Create the database if needed, set Django up on it and migrate; returns django."""
    url = os.environ.setdefault("DATABASE_URL", default_url)
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return django


def declare(name: str, fields: dict, base=None):
    """A model class in the app label 'bench' (not installed: nothing else sees it)."""
    from django.db import models

    meta = type("Meta", (), {"app_label": "bench", "db_table": f"bench_{name.lower()}"})
    attrs = {"__module__": __name__, "Meta": meta, **fields}
    return type(name, (base or models.Model,), attrs)


def ensure_table(model) -> None:
    """Create the model's table; one made by an earlier version of the model (other columns) is made again."""
    from django.db import connection

    table = model._meta.db_table
    if table in connection.introspection.table_names():
        with connection.cursor() as cursor:
            columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        if columns == {f.column for f in model._meta.concrete_fields}:
            return
        with connection.schema_editor() as editor:
            editor.delete_model(model)
    with connection.schema_editor() as editor:
        editor.create_model(model)


def tenant():
    from governance.tenancy.models import Municipality

    return Municipality.objects.get_or_create(code="131041", defaults={"name": "新宿区"})[0]
