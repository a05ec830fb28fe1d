"""What the database itself guarantees about the audit log: triggers refuse UPDATE and DELETE of audit
events and their subject index, on both databases."""

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditeventsubject")

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
# Trigger names as migrations 0002 and 0004 created them, so re-creating one replaces it.
_POSTGRES_TRIGGERS = {"audit_auditevent": "audit_event_append_only",
                      "audit_auditeventsubject": "audit_event_subject_append_only"}
_SQLITE_TRIGGERS = {"audit_auditevent": "audit_event", "audit_auditeventsubject": "audit_event_subject"}


def append_only_trigger_names(vendor: str) -> set[str]:
    """The triggers that make the audit tables append-only on this kind of database."""
    if vendor == "postgresql":
        return set(_POSTGRES_TRIGGERS.values())
    if vendor == "sqlite":
        return {f"{prefix}_no_{op}" for prefix in _SQLITE_TRIGGERS.values() for op in ("update", "delete")}
    return set()


def append_only_triggers_create(connection: BaseDatabaseWrapper) -> None:
    """(Re)create the append-only triggers; idempotent.

    On SQLite a migration that rebuilds a table (most AddField/AlterField do) drops that table's
    triggers: the last audit migration calls this, and a migration added after it that touches the
    event or subject table must call it again (tests/audit/test_append_only.py fails otherwise).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            for table, trigger in _POSTGRES_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
                cursor.execute(f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
                               "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
        elif connection.vendor == "sqlite":
            for table, prefix in _SQLITE_TRIGGERS.items():
                for op in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {prefix}_no_{op.lower()} BEFORE {op} ON {table} "
                        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only ({op} refused)'); END;")


def append_only_triggers_present(connection: BaseDatabaseWrapper) -> set[str]:
    """The append-only triggers the database has now (enabled ones, on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                           "AND tgrelid::regclass::text = ANY(%s)", [list(APPEND_ONLY_TABLES)])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                           list(APPEND_ONLY_TABLES))
        else:
            return set()
        return {name for (name,) in cursor.fetchall()} & append_only_trigger_names(connection.vendor)
