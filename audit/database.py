"""What the database itself guarantees about the audit log: append-only triggers and a runtime role.

Triggers refuse UPDATE and DELETE of audit events, their subject index and the seals placing them in their
tenants' chains, on both databases: no row of the log is ever written twice. On PostgreSQL the application also
connects as a role that owns nothing: it may insert and read audit rows but not update, delete or truncate them,
and — not owning the tables — cannot alter them or disable their triggers. Migrations run as the owner, which
grants the runtime role after every ``migrate`` (``audit/management/commands/migrate.py``), so tables added later
are covered too.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

APPEND_ONLY_TABLES = ("audit_auditevent", "audit_auditeventsubject", "audit_auditseal")
HEAD_TABLE = "audit_auditchainhead"
ARCHIVE_TABLE = "audit_auditarchive"
TENANT_HEAD_TABLE = "audit_audittenanthead"

_POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
# Trigger names as migrations 0002 and 0004 created them, so re-creating one replaces it.
_POSTGRES_TRIGGERS = {"audit_auditevent": "audit_event_append_only",
                      "audit_auditeventsubject": "audit_event_subject_append_only",
                      "audit_auditseal": "audit_seal_append_only"}
_SQLITE_TRIGGERS = {"audit_auditevent": "audit_event", "audit_auditeventsubject": "audit_event_subject",
                    "audit_auditseal": "audit_seal"}


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
        tables = set(connection.introspection.table_names(cursor))  # a migration before a table exists: not yet
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
            # Events were once sealed in place, by an UPDATE this function let through: gone with its triggers.
            cursor.execute("DROP FUNCTION IF EXISTS audit_event_sealed_once() CASCADE")
            for table, trigger in _POSTGRES_TRIGGERS.items():
                if table in tables:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
                    cursor.execute(f"CREATE TRIGGER {trigger} BEFORE UPDATE OR DELETE ON {table} "
                                   "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
        elif connection.vendor == "sqlite":
            for table, prefix in _SQLITE_TRIGGERS.items():
                for op in ("UPDATE", "DELETE") if table in tables else ():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {prefix}_no_{op.lower()}")
                    cursor.execute(
                        f"CREATE TRIGGER {prefix}_no_{op.lower()} BEFORE {op} ON {table} "
                        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only ({op} refused)'); END;")


def append_only_triggers_drop(connection: BaseDatabaseWrapper) -> None:
    """For a migration that rewrites events as the owner (the cut-over); re-create them right after."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, trigger in _POSTGRES_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        elif connection.vendor == "sqlite":
            for name in append_only_trigger_names("sqlite"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def append_only_triggers_present(connection: BaseDatabaseWrapper) -> set[str]:
    """The append-only triggers the database has now (enabled ones, on PostgreSQL)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
                           "AND tgrelid::regclass::text = ANY(%s)", [list(APPEND_ONLY_TABLES)])
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN "
                           f"({', '.join(['%s'] * len(APPEND_ONLY_TABLES))})", list(APPEND_ONLY_TABLES))
        else:
            return set()
        return {name for (name,) in cursor.fetchall()} & append_only_trigger_names(connection.vendor)


class RuntimeRoleRefused(Exception):
    """The role named for the application could defeat the audit log's protections."""


def runtime_role_grant(connection: BaseDatabaseWrapper, *, role: str, password: str | None = None) -> None:
    """Create the application's role if missing and grant it exactly what it needs (PostgreSQL; as the owner).

    Every table and sequence of the schema for reading and writing, except: audit events, their subject index and
    their seals SELECT and INSERT;
    the chain heads SELECT, INSERT and UPDATE (their MAC makes an update without the chain key evident); the
    migration history read-only. Idempotent.
    """
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        found = cursor.fetchone()
        if found is None:
            cursor.execute(f"CREATE ROLE {quote(role)} LOGIN" + (" PASSWORD %s" if password else ""),
                           [password] if password else None)
        elif any(found):
            raise RuntimeRoleRefused(f"The application's database role {role!r} is a superuser or bypasses row "
                                     "security: it could disable the audit log's triggers")
        cursor.execute("SELECT current_database(), current_schema(), tableowner FROM pg_tables "
                       "WHERE schemaname = current_schema() AND tablename = %s", [APPEND_ONLY_TABLES[0]])
        database, schema, owner = cursor.fetchone()
        cursor.execute("SELECT pg_has_role(%s, %s, 'USAGE')", [role, owner])
        if cursor.fetchone()[0]:
            raise RuntimeRoleRefused(f"The application's database role {role!r} owns the tables (or is a member of "
                                     f"their owner {owner!r}): it could alter them or disable their triggers")
        grantee, audit_tables = quote(role), ", ".join(quote(t) for t in APPEND_ONLY_TABLES)
        for statement in (
            f"GRANT CONNECT ON DATABASE {quote(database)} TO {grantee}",
            f"GRANT USAGE ON SCHEMA {quote(schema)} TO {grantee}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {quote(schema)} TO {grantee}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {quote(schema)} TO {grantee}",
            f"REVOKE ALL ON {audit_tables}, {quote(HEAD_TABLE)}, {quote(TENANT_HEAD_TABLE)} FROM {grantee}, PUBLIC",
            f"GRANT SELECT, INSERT ON {audit_tables} TO {grantee}",
            f"GRANT SELECT, INSERT, UPDATE ON {quote(HEAD_TABLE)}, {quote(TENANT_HEAD_TABLE)} TO {grantee}",
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON django_migrations FROM {grantee}",
            # Archives are written by the owner (audit_archive drops partitions); the application reads them.
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quote(ARCHIVE_TABLE)} FROM {grantee}",
        ):
            cursor.execute(statement)
        # PostgreSQL: the monthly partitions are reached through their parents only (whose grants and triggers
        # apply); the application creates next months' partitions through the owner's function, nothing more.
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent::regclass::text = ANY(%s)", [list(APPEND_ONLY_TABLES)])
        for (partition,) in cursor.fetchall():
            cursor.execute(f"REVOKE ALL ON {quote(partition)} FROM {grantee}, PUBLIC")
        for function in ("audit_partition_create(date)", "audit_partition_default_months()",
                         "audit_partition_counts()"):
            cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL", [function])
            if cursor.fetchone()[0]:
                cursor.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {grantee}")
