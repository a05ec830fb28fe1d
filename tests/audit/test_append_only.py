"""After every migration, both databases refuse UPDATE and DELETE of audit events and their subject index.

On SQLite a migration that rebuilds a table drops its triggers; these tests migrate a fresh database
from nothing, so a later migration that forgets to re-create them (audit.database) fails here.
"""


import pytest
from django.db import connection, transaction

from audit.database import append_only_trigger_names, append_only_triggers_present
from audit.models import AuditEvent, AuditEventSubject
from tests.audit.test_chain import record
from tests.support import audit_sealed, on_fresh_sqlite

SQLITE_MIGRATE_AND_TAMPER = """
import json
import django; django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
from audit.database import append_only_triggers_present
from audit.services import record_access
record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
from audit.chain import seal
seal()  # the sealer writes the subject index rows, which the statements below must find
refused = {}
for sql in ("UPDATE audit_auditevent SET name = 'x'", "DELETE FROM audit_auditevent",
            "UPDATE audit_auditeventsubject SET subject_id = '2'", "DELETE FROM audit_auditeventsubject"):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
        refused[sql] = ""
    except Exception as error:
        refused[sql] = str(error)
with connection.cursor() as cursor:
    cursor.execute("SELECT count(*) FROM audit_auditevent")
    events = cursor.fetchone()[0]
print(json.dumps({"triggers": sorted(append_only_triggers_present(connection)), "refused": refused,
                  "events": events}))
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A `make run` database: SQLite under a fresh var/, migrated from nothing, one event recorded."""
    return on_fresh_sqlite(SQLITE_MIGRATE_AND_TAMPER, tmp_path_factory.mktemp("var"))


def test_every_append_only_trigger_exists_on_sqlite_after_all_migrations(migrated_sqlite):
    assert migrated_sqlite["triggers"] == sorted(append_only_trigger_names("sqlite")), (
        "A migration dropped an append-only trigger (SQLite rebuilds a table to alter it): "
        "call audit.database.append_only_triggers_create after it")


def test_sqlite_refuses_update_and_delete_of_events_and_subject_rows_after_migrate(migrated_sqlite):
    assert all("append-only" in error for error in migrated_sqlite["refused"].values()), migrated_sqlite["refused"]
    assert migrated_sqlite["events"] == 1


def test_every_append_only_trigger_exists_and_is_enabled_on_postgresql_after_migrate(db):
    # The test database was created by running every migration.
    assert append_only_triggers_present(connection) == append_only_trigger_names("postgresql")


def test_postgresql_refuses_update_and_delete_of_subject_rows(db):
    from audit.services import record_access

    with transaction.atomic():
        record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
    audit_sealed()
    for sql in ("UPDATE audit_auditeventsubject SET subject_id = '2'", "DELETE FROM audit_auditeventsubject"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert list(AuditEventSubject.objects.values_list("subject_id", flat=True)) == ["1"]
    record(1)
    assert AuditEvent.objects.count() == 2


def test_the_seal_once_rule_names_every_column_of_the_event():
    from audit.database import _CONTENT_COLUMNS, SEAL_COLUMNS

    columns = [f.column for f in AuditEvent._meta.concrete_fields]
    assert sorted(_CONTENT_COLUMNS + SEAL_COLUMNS) == sorted(columns)


@pytest.mark.parametrize("column, value", [("name", "'audit.events.queried'"), ("tenant_id", "2"),
                                           ("fields", "'[\"child.kana\"]'::jsonb"), ("mac", "repeat('0', 64)"),
                                           ("occurred_at", "occurred_at - interval '1 second'"),
                                           ("ip_address", "'10.0.0.1'::inet")])
def test_postgresql_refuses_a_seal_that_changes_the_content_too(db, column, value):
    from audit.services import record_access

    record_access(subjects=[("childcare.child", 1)], fields=["child.name"], purpose="care", tenant_id=1)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditevent SET chain_seq = 1, prev_hash = repeat('0', 64), "
                       f"hash = repeat('1', 64), sealed_at = now(), {column} = {value}")
    audit_sealed()  # the unchanged event still seals (the seal alone passes)
    assert AuditEvent.objects.get().chain_seq == 1
