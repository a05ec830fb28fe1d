"""The process's cache of unwrapped data keys: bounded in time and size, never trusted over the database.

An entry serves a list's records without a look at their keys' rows only under the shredding mark that
the list was read with; any shredding (through the product or by hand) changes the mark in its own
transaction, and the next read looks at the keys' rows again.
"""

import weakref

import pytest
from django.db import connection, transaction

from governance.crypto import RecordShredded, keyring
from governance.crypto.database import shredding_trigger_present
from governance.crypto.models import ShreddingMark
from governance.crypto.rotation import key_ring_rotate
from governance.crypto.shredding import record_shred, record_shredded
from tests.crypto_testapp.models import Person
from tests.support import on_fresh_sqlite

from .conftest import KEY_A, KEY_B


@pytest.fixture
def unwraps(monkeypatch):
    """The data keys unwrapped (by id), in order."""
    seen = []
    real = keyring.unwrap_data_key

    def counting(wrapped, data_key_id, version_id, scope):
        seen.append(data_key_id)
        return real(wrapped, data_key_id, version_id, scope)

    monkeypatch.setattr(keyring, "unwrap_data_key", counting)
    return seen


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(keyring.time, "monotonic", lambda: now[0])
    return now


def _cached() -> set:
    """The ids (as ints) of the data keys in this process's cache."""
    return {entry[0] for entry in keyring._data_keys}


def _shred_by_hand(*people) -> None:
    """As another process (or an operator) would: only the database changes, this process's cache stays."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE governance_datakey SET wrapped = NULL, version_id = NULL, shredded_at = now() "
                       "WHERE id = ANY(%s)", [[p.data_key_id for p in people]])


def _mark() -> int:
    return ShreddingMark.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def _people(ward, count):
    people = [Person.objects.create(municipality=ward, name=f"利用者{i}") for i in range(count)]
    keyring.clear_caches()
    return people


def test_a_data_key_is_unwrapped_once_per_process_within_the_time_bound(ward, unwraps, clock, settings):
    settings.FIELD_DATA_KEY_CACHE_SECONDS = 60
    (person,) = _people(ward, 1)
    assert Person.objects.get(pk=person.pk).name == "利用者0"
    assert Person.objects.get(pk=person.pk).name == "利用者0"  # a later request: from the cache
    assert unwraps == [person.data_key_id]
    clock[0] += 61
    assert Person.objects.get(pk=person.pk).name == "利用者0"  # older than the bound: unwrapped again
    assert unwraps == [person.data_key_id] * 2


def test_the_cache_keeps_at_most_its_size_dropping_the_oldest(ward, unwraps, settings):
    settings.FIELD_DATA_KEY_CACHE_SIZE = 2
    people = _people(ward, 3)
    assert [p.name for p in Person.objects.order_by("pk")] == ["利用者0", "利用者1", "利用者2"]
    assert _cached() == {people[1].data_key_id.int, people[2].data_key_id.int}
    assert Person.objects.get(pk=people[0].pk).name == "利用者0"
    assert unwraps == [p.data_key_id for p in people] + [people[0].data_key_id]


def test_a_cache_of_zero_seconds_keeps_nothing(ward, unwraps, settings):
    settings.FIELD_DATA_KEY_CACHE_SECONDS = 0
    (person,) = _people(ward, 1)
    for _ in range(2):
        assert Person.objects.get(pk=person.pk).name == "利用者0"
    assert unwraps == [person.data_key_id] * 2 and not keyring._data_keys


def test_a_key_shredded_by_another_process_is_refused_at_once_though_still_cached_here(ward):
    (person,) = _people(ward, 1)
    assert Person.objects.get(pk=person.pk).name == "利用者0"
    assert person.data_key_id.int in _cached()

    assert person.data_key_id.int in _cached()

    _shred_by_hand(person)
    assert person.data_key_id.int in _cached()

    with pytest.raises(RecordShredded):
        _ = Person.objects.get(pk=person.pk).name  # the mark read with the row changed: the key's row is read
    with pytest.raises(RecordShredded):
        _ = Person._base_manager.get(pk=person.pk).name  # no mark: the key's row is read


def test_shredding_and_rotation_drop_their_keys_from_this_processs_cache(ward, master_keys):
    a, b = _people(ward, 2)
    assert [p.name for p in Person.objects.order_by("pk")] == ["利用者0", "利用者1"]
    record_shred(record=Person.objects.get(pk=a.pk), reason="erasure_request")
    assert _cached() == {b.data_key_id.int}

    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    key_ring_rotate(ring=keyring.ring_get(municipality_id=ward.pk))
    assert not keyring._data_keys
    assert Person.objects.get(pk=b.pk).name == "利用者1"  # unwrapped under its new version
    assert _cached() == {b.data_key_id.int}


def test_a_warm_list_reads_no_key_row_and_a_shredding_anywhere_sends_the_next_read_to_the_key_rows(
        ward, unwraps, django_assert_num_queries):
    people = _people(ward, 3)
    with django_assert_num_queries(3):  # the records; the keys of the whole list (none cached); their ring version
        assert [p.name for p in Person.objects.order_by("pk")] == ["利用者0", "利用者1", "利用者2"]
    with django_assert_num_queries(1):  # the records and the mark: every key from the cache
        assert [p.name for p in Person.objects.order_by("pk")] == ["利用者0", "利用者1", "利用者2"]
    assert len(unwraps) == 3

    _shred_by_hand(people[1])  # the trigger changes the mark in the same transaction
    with django_assert_num_queries(2):  # the mark changed: the keys' rows are looked at again, once for the list
        loaded = list(Person.objects.order_by("pk"))
        assert (loaded[0].name, loaded[2].name) == ("利用者0", "利用者2")
    with pytest.raises(RecordShredded):
        _ = loaded[1].name
    assert record_shredded(loaded[1]) and not record_shredded(loaded[0])
    assert len(unwraps) == 3  # the others' keys were still whole: served from the cache, not unwrapped again
    with django_assert_num_queries(1):  # seen whole under the new mark: from the cache again
        assert Person.objects.get(pk=people[2].pk).name == "利用者2"


def test_the_mark_changes_with_every_shredding_and_only_then(ward):
    assert shredding_trigger_present(connection)
    a, b = _people(ward, 2)
    mark = _mark()
    Person.objects.filter(pk=a.pk).update(kana_index=None)  # not a shredding
    with connection.cursor() as cursor:  # nor a key re-wrapped
        cursor.execute("UPDATE governance_datakey SET wrapped = wrapped WHERE id = %s", [b.data_key_id])
    assert _mark() == mark

    try:
        with transaction.atomic():
            _shred_by_hand(a)
            assert _mark() != mark
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert _mark() == mark  # a shredding rolled back takes its mark back

    record_shred(record=Person.objects.get(pk=a.pk), reason="erasure_request")
    after = _mark()
    assert after != mark
    _shred_by_hand(b)
    assert _mark() != after


def test_a_list_never_read_finds_no_key_and_is_freed_with_its_records(ward, unwraps, django_assert_num_queries):
    _people(ward, 3)
    with django_assert_num_queries(1):
        loaded = list(Person.objects.all())
        assert sorted(p.municipality_id for p in loaded) == [ward.pk] * 3
    assert unwraps == [] and not keyring._data_keys
    refs = [weakref.ref(p) for p in loaded]
    del loaded
    assert all(ref() is None for ref in refs)  # no cycle through the list's batch: freed without the collector


SQLITE_MIGRATE_AND_SHRED = """
import json
import django; django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
from governance.crypto import keyring
from governance.crypto.database import shredding_trigger_present
from governance.crypto.models import ShreddingMark
def mark():
    return ShreddingMark.objects.filter(pk=1).values_list("value", flat=True).first() or 0
((key, _),) = keyring.data_keys_issue(ring=keyring.ring_get(municipality_id=None), count=1)
before = mark()
with connection.cursor() as cursor:
    cursor.execute("UPDATE governance_datakey SET wrapped = NULL, version_id = NULL, shredded_at = '2026-01-01' "
                   "WHERE id = %s", [key.pk.hex])
print(json.dumps({"trigger": shredding_trigger_present(connection), "changed": mark() != before}))
"""


def test_on_sqlite_after_every_migration_a_shredding_changes_the_mark(tmp_path):
    """SQLite drops a table's triggers when a migration rebuilds it: a fresh `make run` database still has it."""
    assert on_fresh_sqlite(SQLITE_MIGRATE_AND_SHRED, tmp_path) == {"trigger": True, "changed": True}, (
        "call governance.crypto.database.shredding_trigger_create after a migration that rebuilds governance_datakey")
