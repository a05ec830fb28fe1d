"""seal_records: records of format 2 (one ciphertext per column) moved into sealed records, resumably."""

import pytest
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from governance.crypto import data_keys_provision, keyring
from governance.crypto.sealing import records_seal, records_unsealed_count
from governance.crypto.shredding import record_shred
from tests.crypto_testapp.models import Person, PersonNote

from .legacy import records_unseal


class Interrupted(Exception):
    pass


def _people(ward, count: int) -> list[Person]:
    people = [Person(municipality=ward, name=f"利用者{i}", phone=f"03-2222-{i:04d}",
                     health=f"既往歴{i}" if i % 2 else None) for i in range(count)]
    data_keys_provision(people)
    people = Person.objects.bulk_create(people)
    records_unseal(Person, [p.pk for p in people])
    return people


def _columns(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name IS NULL, phone IS NULL, health IS NULL, sealed_personal IS NULL, "
                       "sealed_sensitive IS NULL FROM crypto_testapp_person WHERE id = %s", [pk])
        return cursor.fetchone()


def _all_read(count: int) -> None:
    keyring.clear_caches()
    people = {p.name: p for p in Person.objects.all()}
    assert sorted(people) == sorted(f"利用者{i}" for i in range(count))
    for i in range(count):
        assert (people[f"利用者{i}"].phone, people[f"利用者{i}"].health) == \
            (f"03-2222-{i:04d}", f"既往歴{i}" if i % 2 else None)


def test_records_of_format_2_read_before_and_after_sealing(ward):
    people = _people(ward, 12)
    assert _columns(people[1].pk) == (False, False, False, True, True)
    assert records_unsealed_count(Person) == 12
    _all_read(12)  # the product reads both formats while the migration runs

    result = records_seal(model=Person, batch_size=5)

    assert (result.sealed, result.emptied, result.batches) == (12, 0, 3)
    assert _columns(people[1].pk) == (True, True, True, False, False)
    assert _columns(people[0].pk) == (True, True, True, False, True)  # no sensitive value: no sensitive seal
    assert records_unsealed_count(Person) == 0
    _all_read(12)
    assert Person.objects.matching(tenant=ward, phone="03-2222-0007").get().name == "利用者7"
    event = AuditEvent.objects.get(name="governance.records.sealed")
    assert (event.object_type, event.data) == ("crypto_testapp.person", {"sealed": 12, "emptied": 0, "batches": 3})


def test_an_interrupted_sealing_resumes_and_a_finished_one_does_nothing(ward):
    _people(ward, 12)

    def stop_after_first_batch(done):
        raise Interrupted

    with pytest.raises(Interrupted):
        records_seal(model=Person, batch_size=5, on_batch=stop_after_first_batch)
    assert records_unsealed_count(Person) == 7
    _all_read(12)  # half-sealed, every record still reads

    assert records_seal(model=Person, batch_size=5).sealed == 7
    assert records_seal(model=Person, batch_size=5) == records_seal(model=Person).__class__("crypto_testapp.Person",
                                                                                         0, 0, 0)
    _all_read(12)


def test_records_sharing_a_key_and_shredded_records(ward):
    people = _people(ward, 3)
    note = PersonNote.objects.create(municipality=ward, person=people[0], text="共有鍵のメモ")
    records_unseal(PersonNote, [note.pk])
    record_shred(record=Person.objects.get(pk=people[2].pk), reason="erasure_request")

    assert records_seal(model=Person).sealed == 2 and records_seal(model=PersonNote).sealed == 1
    keyring.clear_caches()
    assert PersonNote.objects.get(pk=note.pk).text == "共有鍵のメモ"
    # A shredded record's unreadable ciphertexts are removed; the records counted as emptied.
    assert _columns(people[2].pk) == (True, True, True, True, True)


def test_the_command_seals_every_model_and_says_when_nothing_is_left(ward, capsys):
    _people(ward, 4)
    call_command("seal_records", "--status")
    assert "crypto_testapp.Person: 4 record(s) left to seal" in capsys.readouterr().out
    call_command("seal_records", "--batch-size", "3")
    output = capsys.readouterr().out
    assert "crypto_testapp.Person: 4 record(s) sealed, 0 shredded record(s) emptied, in 2 batch(es)" in output
    call_command("seal_records")
    assert "Nothing to seal: every record is already sealed." in capsys.readouterr().out
    _all_read(4)
