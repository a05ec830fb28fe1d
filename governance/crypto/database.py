"""What the database guarantees about shredding: any data key shredded changes the shredding mark, in its transaction.

The mark is the value of the one row of ``governance_shreddingmark``, 0 while it has none (a database
flushed by a test); the trigger writes the row whatever it finds. A process trusts its cache of unwrapped
data keys without reading each key's row only while the mark it reads with the records is the one under
which it last saw those keys' rows whole (:mod:`governance.crypto.keyring`). A trigger on the data key
table changes the mark whenever a key's wrapped bytes are emptied, whoever does it (``record_shred``,
the retention sweep, or SQL typed by hand), in the same transaction: a reader sees the shredding and the
new mark together, or neither.

On SQLite, a migration that rebuilds ``governance_datakey`` drops its triggers: such a migration must
call :func:`shredding_trigger_create` again (tests/governance/crypto/test_data_key_cache.py checks that
the trigger is there).
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TRIGGER = "governance_datakey_shredded"
MARK_TABLE = "governance_shreddingmark"

# On every key shredded, not once per transaction: a transaction that reads between two shreddings must
# see the mark change at each (else it could cache the second key under a mark that outlives its shredding).
_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION governance_shredding_mark_change() RETURNS trigger AS $$
BEGIN
    INSERT INTO {MARK_TABLE} (id, value) VALUES (1, floor(random() * 9007199254740991)::bigint + 1)
        ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
_POSTGRES_TRIGGER = (f"CREATE TRIGGER {TRIGGER} AFTER UPDATE OF wrapped ON governance_datakey FOR EACH ROW "
                     "WHEN (OLD.wrapped IS NOT NULL AND NEW.wrapped IS NULL) "
                     "EXECUTE FUNCTION governance_shredding_mark_change()")
_SQLITE_TRIGGER = (f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} AFTER UPDATE OF wrapped ON governance_datakey "
                   "FOR EACH ROW WHEN OLD.wrapped IS NOT NULL AND NEW.wrapped IS NULL "
                   f"BEGIN INSERT OR REPLACE INTO {MARK_TABLE} (id, value) VALUES (1, random()); END;")


def shredding_trigger_create(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the trigger that changes the shredding mark; idempotent."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON governance_datakey")
            cursor.execute(_POSTGRES_TRIGGER)
        elif connection.vendor == "sqlite":
            cursor.execute(_SQLITE_TRIGGER)


def shredding_trigger_drop(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON governance_datakey")
            cursor.execute("DROP FUNCTION IF EXISTS governance_shredding_mark_change()")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")


def shredding_trigger_present(connection: BaseDatabaseWrapper) -> bool:
    """Whether the database has the trigger now (enabled, on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgname = %s "
                           "AND tgrelid = 'governance_datakey'::regclass", [TRIGGER])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [TRIGGER])
        else:
            return False
        return cursor.fetchone() is not None
