"""The process's cache of unwrapped data keys: bounded in time and size, never trusted over the key's row."""

import pytest
from django.db import connection

from governance.crypto import RecordShredded, keyring
from governance.crypto.rotation import key_ring_rotate
from governance.crypto.shredding import record_shred
from tests.crypto_testapp.models import Person

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
    assert {entry[0] for entry in keyring._data_keys} == {people[1].data_key_id, people[2].data_key_id}
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
    assert any(entry[0] == person.data_key_id for entry in keyring._data_keys)

    # Another process shreds it: only the database changes, this process's cache still holds the key.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE governance_datakey SET wrapped = NULL, version_id = NULL, shredded_at = now() "
                       "WHERE id = %s", [person.data_key_id])
    assert any(entry[0] == person.data_key_id for entry in keyring._data_keys)

    with pytest.raises(RecordShredded):
        _ = Person.objects.get(pk=person.pk).name  # the row came with its (now empty) wrapped key
    with pytest.raises(RecordShredded):
        _ = Person._base_manager.get(pk=person.pk).name  # without it: the key's row is read


def test_shredding_and_rotation_drop_their_keys_from_this_processs_cache(ward, master_keys):
    a, b = _people(ward, 2)
    assert [p.name for p in Person.objects.order_by("pk")] == ["利用者0", "利用者1"]
    record_shred(record=Person.objects.get(pk=a.pk), reason="erasure_request")
    assert {entry[0] for entry in keyring._data_keys} == {b.data_key_id}

    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    key_ring_rotate(ring=keyring.ring_get(municipality_id=ward.pk))
    assert not keyring._data_keys
    assert Person.objects.get(pk=b.pk).name == "利用者1"  # unwrapped under its new version
    assert [entry[1] for entry in keyring._data_keys] == [Person.objects.get(pk=b.pk).data_key.version_id]
