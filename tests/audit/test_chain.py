"""The audit chain names the first edited, inserted or deleted event — the newest one too."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from audit import chain
from audit.models import AuditChainHead, AuditEvent, AuditEventSubject
from audit.registry import register_events
from audit.services import audit_record
from tests.support import database_url

register_events({"audit.test_record.made": "A test event"})


def record(n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit_record("audit.test_record.made", object_type="test.record", object_id=i,
                                       tenant_id=1, fields=["name"], data={"index": i}))
    return events


def tamper(sql: str, params=()) -> None:
    """Bypass the append-only trigger the way only a database superuser could."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def forged_row(seq: int, prev_hash: str) -> str:
    return (
        "INSERT INTO audit_auditevent (seq, occurred_at, name, channel, request_id, object_type, object_id,"
        " fields, subjects, purpose, data, prev_hash, hash) VALUES"
        f" ({seq}, now(), 'audit.test_record.made', 'web', 'x', 'test.record', '99', '[]', '[]', '', '{{}}',"
        f" '{prev_hash}', '{'f' * 64}')"
    )


def test_intact_chain_verifies(db):
    events = record(5)

    result = chain.verify()

    assert result.ok and result.checked == 5 and result.head_seq == 5
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[1].prev_hash == events[0].hash


def test_events_hold_field_names_and_references_not_values(db):
    (event,) = record(1)
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.fields == ["name"] and stored.data == {"index": 0}
    with pytest.raises(TypeError, match="store a reference"), transaction.atomic():
        audit_record("audit.test_record.made", data={"child": object()})
    assert AuditEvent.objects.count() == 1


def test_unregistered_event_name_is_refused(db):
    with pytest.raises(ValueError, match="not registered"), transaction.atomic():
        audit_record("audit.unknown.happened")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_append_needs_the_callers_transaction():
    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        chain.append(AuditEvent(name="audit.test_record.made"))
    assert not AuditEvent.objects.exists()


def test_no_update_or_delete_path_in_code(db):
    (event,) = record(1)
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(seq=1).update(name="x")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_update_and_delete(db):
    record(1)
    for sql in ("UPDATE audit_auditevent SET name = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.get(seq=1).name == "audit.test_record.made"


def test_edited_event_is_named(db):
    record(5)
    tamper("UPDATE audit_auditevent SET data = '{\"index\": 7}' WHERE seq = 3")

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 3
    assert "content does not match its hash" in result.problem


def test_edited_newest_event_is_named(db):
    record(3)
    tamper("UPDATE audit_auditevent SET actor_id = 42 WHERE seq = 3")
    assert chain.verify().first_bad_seq == 3


def test_deleted_event_in_the_middle_is_named(db):
    record(5)
    tamper("DELETE FROM audit_auditevent WHERE seq = 2")

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 2 and "missing" in result.problem


def test_deleted_newest_event_is_named(db):
    record(4)
    tamper("DELETE FROM audit_auditevent WHERE seq = 4")

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 4
    assert "chain head is at #4" in result.problem


def test_inserted_event_at_the_end_is_named(db):
    events = record(3)
    tamper(forged_row(4, events[-1].hash))

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 4


def test_inserted_event_in_the_middle_is_named(db):
    events = record(4)
    # Make room after #2 by shifting the later events, then slip a forged event in.
    tamper("UPDATE audit_auditevent SET seq = seq + 10 WHERE seq > 2")
    tamper("UPDATE audit_auditevent SET seq = seq - 9 WHERE seq > 10")
    tamper(forged_row(3, events[1].hash))

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 3


def test_truncated_tail_with_a_replayed_head_is_caught_by_the_outside_checkpoint(db):
    """A head row saved earlier carries a valid MAC: only a checkpoint written since can tell it is old."""
    record(2)
    saved = AuditChainHead.objects.values().get(pk=1)
    record(2)
    chain.write_checkpoint()
    tamper("DELETE FROM audit_auditevent WHERE seq > 2")
    AuditChainHead.objects.filter(pk=1).update(**saved)

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 3
    assert "checkpoint outside the database reached #4" in result.problem


def test_verify_command_exits_zero_on_an_intact_chain(db, capsys):
    record(2)
    call_command("verify_audit_chain")
    assert "Audit chain intact: 2 events verified" in capsys.readouterr().out


def test_verify_command_fails_naming_the_first_bad_event(db):
    record(3)
    tamper("UPDATE audit_auditevent SET object_id = '5' WHERE seq = 2")
    with pytest.raises(CommandError, match="broken at event #2"):
        call_command("verify_audit_chain")


@pytest.mark.django_db(transaction=True)
def test_verify_command_exit_status_as_run_from_a_shell(settings):
    """The command a cron job or an auditor runs: exit 0 when intact, non-zero naming the event."""
    record(3)
    env = {**os.environ, "DATABASE_URL": database_url(),
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(settings.AUDIT_CHECKPOINT_FILE)}
    intact = subprocess.run([sys.executable, "manage.py", "verify_audit_chain"], env=env,
                            capture_output=True, text=True, check=False)
    tamper("DELETE FROM audit_auditevent WHERE seq = 1")
    broken = subprocess.run([sys.executable, "manage.py", "verify_audit_chain"], env=env,
                            capture_output=True, text=True, check=False)

    assert intact.returncode == 0, intact.stderr
    assert broken.returncode == 1
    assert "broken at event #1" in broken.stderr


SQLITE_APPEND = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from audit.chain import verify
from audit.models import AuditEventSubject
from audit.services import record_access
record_access(subjects=[("childcare.child", 1), ("childcare.guardian", 2)], fields=["child.name"], purpose="care",
              tenant_id=1)
record_access(subjects=[("childcare.child", 1)], fields=["child.kana"], purpose="care", tenant_id=1)
print(verify().summary(), AuditEventSubject.objects.count())
"""


def test_the_chain_appends_and_verifies_on_the_embedded_sqlite_database(tmp_path):
    # `make run` keeps its audit log in SQLite, where appends take the ORM's path rather than one statement.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run([sys.executable, "-c", SQLITE_APPEND], capture_output=True, text=True, check=False,
                            env={**env, "MIMAMORI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "3" and "2 events verified, head at #2" in result.stdout


def subject_events(n: int) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit_record("audit.test_record.made", tenant_id=1, fields=["name"],
                                       subjects=[("childcare.child", i + 1), ("childcare.guardian", i + 10)]))
    return events


def test_a_subject_index_row_added_changed_or_removed_is_detected(db):
    subject_events(3)
    assert chain.verify().ok and AuditEventSubject.objects.count() == 6

    # Re-pointing event #2's row at another child would make "who accessed child 99" find it.
    tamper("UPDATE audit_auditeventsubject SET subject_id = '99' WHERE event_id = 2 AND subject_id = '2'")
    result = chain.verify()
    assert not result.ok and result.first_bad_seq == 2 and "subject index" in result.problem
    tamper("UPDATE audit_auditeventsubject SET subject_id = '2' WHERE event_id = 2 AND subject_id = '99'")
    assert chain.verify().ok

    # Emptying the index (a TRUNCATE passes row triggers by) leaves the first event with subjects unmatched.
    tamper("DELETE FROM audit_auditeventsubject WHERE event_id = 3")
    result = chain.verify()
    assert not result.ok and result.first_bad_seq == 3

    # A row added for an event that names no such subject.
    tamper("INSERT INTO audit_auditeventsubject (event_id, tenant_id, subject_type, subject_id, occurred_at) "
           "SELECT 1, 1, 'childcare.child', '7', occurred_at FROM audit_auditevent WHERE seq = 1")
    result = chain.verify()
    assert not result.ok and result.first_bad_seq == 1


@pytest.mark.django_db(transaction=True)
def test_a_read_event_appends_alone_and_a_stale_guess_of_the_head_never_forks_the_chain():
    from audit.services import record_access

    def read(n: int) -> AuditEvent:
        return record_access(subjects=[("childcare.child", n)], fields=["child.name"], purpose="care", tenant_id=1)

    first = read(1)  # outside any transaction: committed by its own single statement
    assert first.seq == 1 and AuditEvent.objects.filter(seq=1).exists()
    # Another process appended meanwhile: this process's guess is one behind.
    with transaction.atomic():
        audit_record("audit.test_record.made", tenant_id=1)
    chain._head_guess = chain.Head(first.seq, first.hash).signed()
    assert read(3).seq == 3
    # An append rolled back with its caller's transaction leaves the guess ahead of the head.
    with pytest.raises(LookupError), transaction.atomic():
        audit_record("audit.test_record.made", tenant_id=1)
        raise LookupError("the caller fails")
    assert chain._head_guess.seq == 4
    assert read(4).seq == 4
    # A guess of the right position with another hash is refused as well.
    chain._head_guess = chain.Head(4, "e" * 64).signed()
    assert read(5).seq == 5
    result = chain.verify()
    assert result.ok and result.checked == 5, result.summary()
    assert AuditEventSubject.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_from_many_connections_stay_one_gapless_chain():
    import threading

    from django.db import connections

    from audit.services import record_access

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                if i % 5 == 0:  # now and then inside a caller's transaction, which holds the head to its end
                    with transaction.atomic():
                        audit_record("audit.test_record.made", tenant_id=1)
                else:
                    record_access(subjects=[("childcare.child", n * 100 + i)], fields=["child.name"],
                                  purpose="care", tenant_id=1)
        except BaseException as error:  # reported below: a thread's failure must fail the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = chain.verify()
    assert result.ok and result.checked == 100 and result.head_seq == 100, result.summary()
    assert AuditEventSubject.objects.count() == 80
