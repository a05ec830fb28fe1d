"""What an attacker with write access to the database (and no key) can do: move stored values between rows."""

import uuid

from django.db import connection, models

from governance.crypto.fields import BlindIndexField, EncryptedField, SealedRecordField


def record_columns(model: type[models.Model]) -> list[str]:
    """Everything that makes up an encrypted record: its uid, data key, seals, ciphertexts and blind indexes."""
    return [f.column for f in model._meta.concrete_fields
            if f.name in ("record_uid", "data_key")
            or isinstance(f, EncryptedField | BlindIndexField | SealedRecordField)]


def records_swap(model: type[models.Model], pk_a: int, pk_b: int) -> None:
    """Exchange the complete encrypted records of two rows (record_uid included); every other column stays."""
    table, columns = model._meta.db_table, record_columns(model)
    listed, assigned = ", ".join(columns), ", ".join(f"{c} = %s" for c in columns)
    with connection.cursor() as cursor:
        rows = {}
        for pk in (pk_a, pk_b):
            cursor.execute(f"SELECT {listed} FROM {table} WHERE id = %s", [pk])
            rows[pk] = cursor.fetchone()
        # record_uid is unique: park one row on a throwaway uid while the other takes its uid.
        cursor.execute(f"UPDATE {table} SET record_uid = %s WHERE id = %s", [uuid.uuid4(), pk_a])
        cursor.execute(f"UPDATE {table} SET {assigned} WHERE id = %s", [*rows[pk_a], pk_b])
        cursor.execute(f"UPDATE {table} SET {assigned} WHERE id = %s", [*rows[pk_b], pk_a])
