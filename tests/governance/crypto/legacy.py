"""Records as the previous version stored them: each value its own ciphertext in its column (format 2), no seal."""

from django.db import connection

from governance.crypto import keyring
from governance.crypto.fields import GROUPS, _plan


def records_unseal(model, pks) -> None:
    """Rewrite these rows in format 2 (the values they hold now), as if they had never been sealed."""
    keyring.clear_caches()
    fields = [f for g in GROUPS for f in _plan(model).fields[g]]
    with connection.cursor() as cursor:
        for record in model.objects.filter(pk__in=pks):
            values = [None if getattr(record, f.attname) is None else f.seal(record, getattr(record, f.attname))
                      for f in fields]
            assigned = ", ".join(f"{f.column} = %s" for f in fields)
            cursor.execute(f"UPDATE {model._meta.db_table} SET {assigned}, sealed_personal = NULL, "
                           "sealed_sensitive = NULL WHERE id = %s", [*values, record.pk])
    keyring.clear_caches()
