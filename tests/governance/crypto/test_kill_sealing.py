"""Killing seal_records midway (a real process, SIGKILL) and running it again: every record sealed once."""

import pytest
from django.db import connection

from audit.models import AuditEvent
from governance.crypto.sealing import records_unsealed_count
from tests.crypto_testapp.models import Person
from tests.support import command_process, kill_when, rows_locked

from .conftest import KEY_A
from .test_sealing import _all_read, _people


def sealing_process():
    return command_process("seal_records", "--model", "crypto_testapp.Person", "--batch-size", "10",
                           MIMAMORI_FIELD_KEYS=KEY_A)


@pytest.mark.django_db(transaction=True)
def test_a_killed_sealing_resumes_and_seals_every_record(ward):
    people = _people(ward, 25)
    pks = sorted(p.pk for p in people)

    # The second batch's rows held locked: the kill lands after exactly one committed batch of ten.
    with rows_locked("SELECT id FROM crypto_testapp_person WHERE id = ANY(%s) FOR UPDATE", [pks[10:20]]):
        kill_when(sealing_process(), lambda: records_unsealed_count(Person) == 15)
    assert records_unsealed_count(Person) == 15
    _all_read(25)  # half-sealed, every record still reads

    second = sealing_process()
    output, _ = second.communicate(timeout=120)
    assert second.returncode == 0, output
    assert "crypto_testapp.Person: 15 record(s) sealed, 0 shredded record(s) emptied, in 2 batch(es)" in output
    assert records_unsealed_count(Person) == 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM crypto_testapp_person WHERE sealed_personal IS NOT NULL")
        assert cursor.fetchone()[0] == 25
    _all_read(25)
    assert [e.data["sealed"] for e in AuditEvent.objects.filter(name="governance.records.sealed")] == [15]

    third = sealing_process()
    output, _ = third.communicate(timeout=120)
    assert third.returncode == 0 and "Nothing to seal" in output, output
