"""After every migration, both databases refuse every UPDATE and DELETE of audit events, their subject index and
their seals: no row of the log is ever written twice (an event's place in its chain is a seal row of its own).

On SQLite a migration that rebuilds a table drops its triggers; these tests migrate a fresh database
from nothing, so a later migration that forgets to re-create them (audit.database) fails here.
"""


import pytest
from django.apps import apps
from django.db import connection, transaction

from audit import chain
from audit.database import APPEND_ONLY_TABLES, append_only_trigger_names, append_only_triggers_present
from audit.models import AuditEvent, AuditEventQuerySet, AuditEventSubject, AuditSeal
from audit.partitions import partitioned
from tests.audit.test_chain import record
from tests.support import audit_sealed, on_fresh_sqlite

SQLITE_MIGRATE_AND_TAMPER = """
import json
import django; django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
from audit.database import APPEND_ONLY_TABLES, append_only_triggers_present
from audit.models import AuditEvent, AuditEventSubject, AuditSeal
from audit.services import record_access
record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
from audit.chain import seal
seal()  # the sealer writes the subject index and seal rows, which the statements below must find
statements = []
for model in (AuditEvent, AuditEventSubject, AuditSeal):
    table = model._meta.db_table
    statements += [f'UPDATE {table} SET "{f.column}" = "{f.column}"' for f in model._meta.concrete_fields]
    statements.append(f"DELETE FROM {table}")
refused = {}
for sql in statements:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        refused[sql] = ""
    except Exception as error:
        refused[sql] = str(error)
counts = {}
with connection.cursor() as cursor:
    for table in APPEND_ONLY_TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        counts[table] = cursor.fetchone()[0]
print(json.dumps({"triggers": sorted(append_only_triggers_present(connection)), "refused": refused,
                  "counts": counts}))
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A `make run` database: SQLite under a fresh var/, migrated from nothing, one event recorded and sealed."""
    return on_fresh_sqlite(SQLITE_MIGRATE_AND_TAMPER, tmp_path_factory.mktemp("var"))


def test_every_append_only_trigger_exists_on_sqlite_after_all_migrations(migrated_sqlite):
    assert migrated_sqlite["triggers"] == sorted(append_only_trigger_names("sqlite")), (
        "A migration dropped an append-only trigger (SQLite rebuilds a table to alter it): "
        "call audit.database.append_only_triggers_create after it")


def test_sqlite_refuses_any_update_and_delete_of_events_subject_rows_and_seals_after_migrate(migrated_sqlite):
    # A row in each table (a trigger FOR EACH ROW refuses nothing on an empty table), still there afterwards.
    assert migrated_sqlite["counts"] == {"audit_auditevent": 1, "audit_auditeventsubject": 1, "audit_auditseal": 1}
    refused = migrated_sqlite["refused"]
    for table in APPEND_ONLY_TABLES:  # every column of every table: no column may be written, even unchanged
        assert any(sql.startswith(f"UPDATE {table} ") for sql in refused) and f"DELETE FROM {table}" in refused
    assert all("append-only" in error for error in refused.values()), {s: e for s, e in refused.items()
                                                                        if "append-only" not in e}


def test_every_append_only_trigger_exists_and_is_enabled_on_postgresql_after_migrate(db):
    # The test database was created by running every migration.
    assert append_only_triggers_present(connection) == append_only_trigger_names("postgresql")


def test_every_append_only_model_is_protected_by_the_database_on_every_partition(db):
    """A model whose manager refuses updates (the log, its subject index, its seals) has a table the triggers and the
    runtime role's grants cover; on PostgreSQL each of its tables and partitions fires the refusing trigger on
    UPDATE and DELETE of a row."""
    append_only = {m._meta.db_table for m in apps.get_app_config("audit").get_models()
                   if isinstance(m._default_manager.all(), AuditEventQuerySet)}
    assert append_only == set(APPEND_ONLY_TABLES) == {"audit_auditevent", "audit_auditeventsubject",
                                                      "audit_auditseal"}
    with connection.cursor() as cursor:
        # The tables and their partitions (partitions inherit the parent's trigger, the one that fires for a row).
        cursor.execute("SELECT c.oid::regclass::text, coalesce(p.inhparent::regclass::text, c.relname) "
                       "FROM pg_class c LEFT JOIN pg_inherits p ON p.inhrelid = c.oid "
                       "WHERE c.relkind IN ('r', 'p') "
                       "AND (c.relname = ANY(%s) OR p.inhparent::regclass::text = ANY(%s))",
                       [list(APPEND_ONLY_TABLES), list(APPEND_ONLY_TABLES)])
        tables = dict(cursor.fetchall())
        # Triggers enabled, BEFORE, FOR EACH ROW, on both UPDATE and DELETE (tgtype bits 1, 2, 8, 16).
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgenabled <> 'D' "
                       "AND tgfoid = 'audit_event_append_only()'::regprocedure AND tgtype & 27 = 27")
        guarded = {name for (name,) in cursor.fetchall()}
    assert set(tables.values()) == set(APPEND_ONLY_TABLES)
    assert not partitioned(connection) or len(tables) > len(APPEND_ONLY_TABLES)  # the partitions were found
    assert set(tables) - guarded == set(), "an append-only table or partition lacks its refusing trigger"


def _one_of_each(db) -> None:
    from audit.services import record_access

    with transaction.atomic():
        record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
    audit_sealed()
    assert (AuditEvent.objects.count(), AuditEventSubject.objects.count(), AuditSeal.objects.count()) == (1, 1, 1)


CHANGES = [
    # What the sealer once did in place, and what a tamperer would do now.
    "UPDATE audit_auditevent SET xact = 0",  # requeue an event for sealing
    "UPDATE audit_auditevent SET name = 'audit.events.queried'",
    "UPDATE audit_auditevent SET tenant_id = 2",
    "UPDATE audit_auditevent SET fields = '[\"child.kana\"]'::jsonb",
    "UPDATE audit_auditevent SET mac = repeat('0', 64)",
    "UPDATE audit_auditevent SET occurred_at = occurred_at - interval '1 second'",
    "UPDATE audit_auditevent SET ip_address = '10.0.0.1'::inet",
    "DELETE FROM audit_auditevent",
    "UPDATE audit_auditeventsubject SET subject_id = '2'",
    "UPDATE audit_auditeventsubject SET event_id = event_id + 1",
    "DELETE FROM audit_auditeventsubject",
    "UPDATE audit_auditseal SET first = NULL",  # hold sealed events back again
    "UPDATE audit_auditseal SET first = first + 1",
    "UPDATE audit_auditseal SET seqs = '[]'::jsonb",
    "UPDATE audit_auditseal SET hash = repeat('1', 64), prev_hash = repeat('0', 64)",
    "UPDATE audit_auditseal SET horizon = 0",
    "DELETE FROM audit_auditseal",
]


@pytest.mark.parametrize("sql", CHANGES)
def test_postgresql_refuses_any_change_of_events_subject_rows_and_seals(db, sql):
    _one_of_each(db)
    before = [list(model.objects.values_list()) for model in (AuditEvent, AuditEventSubject, AuditSeal)]

    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)

    assert [list(model.objects.values_list()) for model in (AuditEvent, AuditEventSubject, AuditSeal)] == before
    result = chain.verify(1)
    assert result.ok and (result.checked, result.unsealed) == (1, 0), result.summary()
    record(1)  # appending still works
    assert AuditEvent.objects.count() == 2


@pytest.mark.parametrize("model", [AuditEvent, AuditEventSubject, AuditSeal], ids=lambda m: m._meta.db_table)
def test_postgresql_refuses_an_update_of_any_column_even_to_its_own_value(db, model):
    """No column is exempt (the log once let the sealer fill an event's seal columns): an update that changes
    nothing is refused too."""
    _one_of_each(db)
    table = model._meta.db_table
    for field in model._meta.concrete_fields:
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f'UPDATE {table} SET "{field.column}" = "{field.column}"')
