"""On PostgreSQL the application runs as a role that can append to the audit log and read it, nothing more.

The suite itself connects as the owner (it creates the test database and truncates tables between
transactional tests). These tests grant a runtime role of this test database's own — the way
``migrate`` does with ``MIGRATION_DATABASE_URL`` — and act as it.
"""

import os
import subprocess
import sys
from contextlib import contextmanager

import psycopg
import pytest
from django.db import DatabaseError, connection, transaction

from audit import chain
from audit.database import (
    APPEND_ONLY_TABLES,
    RuntimeRoleRefused,
    append_only_trigger_names,
    append_only_triggers_present,
    runtime_role_grant,
)
from audit.models import AuditEvent, AuditEventSubject, AuditFinding, AuditSeal, AuditTenantHead
from audit.services import audit_finding_update, record_access
from tests.audit.test_chain import record
from tests.support import audit_sealed

REFUSED = r"permission denied|must be owner|append-only"


@pytest.fixture(scope="module")
def runtime_role(django_db_setup, django_db_blocker) -> str:
    """A runtime role named after this test database (parallel runs on one server do not share it)."""
    with django_db_blocker.unblock():
        role = f"{connection.settings_dict['NAME']}_app"[:63]
        runtime_role_grant(connection, role=role)
        return role


@contextmanager
def acting_as(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(role)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def refused_as(role: str, sql: str) -> str:
    with pytest.raises(DatabaseError, match=REFUSED) as refusal, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {connection.ops.quote_name(role)}")  # undone with the savepoint
        cursor.execute(sql)
    return str(refusal.value)


TAMPERING = [
    "UPDATE audit_auditevent SET name = 'x'",
    "DELETE FROM audit_auditevent WHERE seq = 2",
    "TRUNCATE audit_auditevent CASCADE",
    "UPDATE audit_auditeventsubject SET subject_id = '9'",
    "DELETE FROM audit_auditeventsubject",
    "TRUNCATE audit_auditeventsubject",
    "DELETE FROM audit_auditchainhead",
    "TRUNCATE audit_auditchainhead",
    "DELETE FROM audit_audittenanthead",
    "TRUNCATE audit_audittenanthead",
    "UPDATE audit_auditevent SET mac = 'x'",
    "UPDATE audit_auditevent SET xact = 0",  # requeue events for sealing
    "UPDATE audit_auditseal SET first = NULL",  # hold sealed events back, out of their chain
    "UPDATE audit_auditseal SET hash = 'x', seqs = '[]'::jsonb",
    "DELETE FROM audit_auditseal",
    "TRUNCATE audit_auditseal",
    "ALTER TABLE audit_auditseal DISABLE TRIGGER audit_seal_append_only",
    "DROP TRIGGER audit_seal_append_only ON audit_auditseal",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "ALTER TABLE audit_auditeventsubject DISABLE TRIGGER audit_event_subject_append_only",
    "DROP TRIGGER audit_event_append_only ON audit_auditevent",
    "ALTER TABLE audit_auditevent ADD COLUMN note text",
    "DROP TABLE audit_auditevent CASCADE",
    "SET session_replication_role = replica",
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ BEGIN RETURN OLD; END $$ "
    "LANGUAGE plpgsql",
    "UPDATE django_migrations SET name = name",
]


def test_the_runtime_role_cannot_update_delete_truncate_alter_or_disable_the_triggers_of_the_audit_log(
        db, runtime_role):
    with transaction.atomic():
        record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
    record(2)
    audit_sealed()
    assert AuditSeal.objects.exists() and AuditEventSubject.objects.exists()
    before = [list(model.objects.values_list()) for model in (AuditEvent, AuditEventSubject, AuditSeal)]

    refusals = {sql: refused_as(runtime_role, sql) for sql in TAMPERING}

    assert all(refusals.values())
    assert [list(model.objects.values_list()) for model in (AuditEvent, AuditEventSubject, AuditSeal)] == before
    assert append_only_triggers_present(connection) == append_only_trigger_names("postgresql")
    assert chain.verify(1).ok


def test_the_runtime_role_may_only_read_and_insert_every_append_only_table_and_none_of_their_partitions(
        db, runtime_role):
    """What the grants leave the application on the log, its subject index and its seals, including tables and
    partitions added by later migrations (``migrate`` grants again after each)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname, p.inhparent IS NOT NULL FROM pg_class c "
                       "LEFT JOIN pg_inherits p ON p.inhrelid = c.oid WHERE c.relkind IN ('r', 'p') "
                       "AND (c.relname = ANY(%s) OR p.inhparent::regclass::text = ANY(%s))",
                       [list(APPEND_ONLY_TABLES), list(APPEND_ONLY_TABLES)])
        tables = dict(cursor.fetchall())
        privileges = {}
        for table in tables:
            cursor.execute("SELECT array_agg(p ORDER BY p) FILTER (WHERE has_table_privilege(%s, %s, p)) "
                           "FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', "
                           "'TRIGGER']) AS p", [runtime_role, table])
            privileges[table] = cursor.fetchone()[0] or []
    assert set(APPEND_ONLY_TABLES) <= set(tables)
    assert privileges == {table: [] if partition else ["INSERT", "SELECT"] for table, partition in tables.items()}


def test_the_application_appends_verifies_and_checkpoints_as_the_runtime_role(db, runtime_role, settings):
    with acting_as(runtime_role):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == runtime_role
        record(3)
        with transaction.atomic():
            record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
        sealing = chain.seal(force_checkpoint=True)  # the first seal creates the tenant's head row too
        record(1)
        result = chain.verify(1)
        # Other tables stay the application's to change: a finding's status, for one.
        finding = AuditFinding.objects.create(kind="denied", day="2026-12-01", key="1:denied:1:2026-12-01")
        audit_finding_update(finding=finding, status="resolved")

    assert sealing.total == 4 and sealing.checkpoints == 1 and not sealing.refused
    assert result.ok and (result.checked, result.unsealed) == (4, 1), result.summary()
    assert AuditTenantHead.objects.get(chain=1).checkpoint_line == 1
    assert AuditFinding.objects.get().status == "resolved"


def test_a_superuser_or_a_member_of_the_owner_is_refused_as_the_application_role(db):
    with pytest.raises(RuntimeRoleRefused, match="superuser"):
        runtime_role_grant(connection, role=connection.settings_dict["USER"])
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'audit_auditevent'")
        owner = cursor.fetchone()[0]
        cursor.execute("CREATE ROLE mimamori_test_owner_member")
        cursor.execute(f"GRANT {connection.ops.quote_name(owner)} TO mimamori_test_owner_member")
    with pytest.raises(RuntimeRoleRefused, match="owns the tables"):
        runtime_role_grant(connection, role="mimamori_test_owner_member")


@pytest.mark.django_db(transaction=True)
def test_migrate_as_the_owner_grants_the_application_role_which_then_runs_the_chain_but_cannot_cut_it(settings):
    """The deployment: `migrate` with MIGRATION_DATABASE_URL (owner) and DATABASE_URL (application role)."""
    s = connection.settings_dict
    role, password = f"{s['NAME']}_web"[:63], "runtime-test-password"
    with connection.cursor() as cursor:  # a role from an earlier run starts afresh: migrate must create it
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f"DROP OWNED BY {connection.ops.quote_name(role)}")
            cursor.execute(f"DROP ROLE {connection.ops.quote_name(role)}")
    owner_url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    runtime_url = f"postgres://{role}:{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    env = {**os.environ, "DATABASE_URL": runtime_url, "MIGRATION_DATABASE_URL": owner_url,
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(settings.AUDIT_CHECKPOINT_FILE)}
    record(2)

    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input"], env=env,
                              capture_output=True, text=True, check=False)
    assert migrated.returncode == 0, migrated.stderr
    assert f"Granted the application's role '{role}'" in migrated.stdout
    app_env = {k: v for k, v in env.items() if k != "MIGRATION_DATABASE_URL"}
    verified = subprocess.run([sys.executable, "manage.py", "verify_audit_chain"], env=app_env,
                              capture_output=True, text=True, check=False)
    assert verified.returncode == 0, verified.stderr
    sealed = subprocess.run([sys.executable, "manage.py", "seal_audit_log", "--checkpoint"], env=app_env,
                            capture_output=True, text=True, check=False)
    assert sealed.returncode == 0, sealed.stderr
    assert "Sealed 3 event(s) in 1 chain(s); wrote 1 signed checkpoint(s)." in sealed.stdout
    assert "Audit chain of tenant 1 intact: 0 events verified, head at #0, 2 not sealed yet" in verified.stdout

    with psycopg.connect(host=s["HOST"], port=s["PORT"], dbname=s["NAME"], user=role, password=password,
                         autocommit=True) as app:
        assert app.execute("SELECT current_user").fetchone()[0] == role
        for sql in ("UPDATE audit_auditevent SET name = 'x'", "DELETE FROM audit_auditevent WHERE seq > 1",
                    "TRUNCATE audit_auditevent CASCADE", "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
                    "DELETE FROM audit_auditchainhead", "DELETE FROM audit_audittenanthead",
                    "UPDATE audit_auditevent SET xact = 0", "UPDATE audit_auditseal SET first = NULL",
                    "DELETE FROM audit_auditseal", "TRUNCATE audit_auditseal"):
            with pytest.raises(psycopg.Error, match=REFUSED):
                app.execute(sql)
        assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] == 3
        assert app.execute("SELECT count(*) FROM audit_auditseal").fetchone()[0] == 1
    assert chain.verify(1).ok and chain.verify(1).checked == 3
