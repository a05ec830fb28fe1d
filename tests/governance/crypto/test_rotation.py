"""Rotation: re-wrap under a new master key in batches, survive an interruption, retire the old key."""

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from governance.crypto import KeyStillInUse, KeyUnavailable, data_keys_provision, keyring
from governance.crypto.models import DataKey, KeyRing, KeyRotation, KeyVersion, RetiredMasterKey
from governance.crypto.rotation import key_ring_rotate, master_key_retire
from tests.crypto_testapp.models import Person, PersonNote

from .conftest import KEY_A, KEY_B


class Interrupted(Exception):
    pass


def _people(ward, count: int) -> list[Person]:
    people = [Person(municipality=ward, name=f"利用者{i}", phone=f"03-1111-{i:04d}") for i in range(count)]
    data_keys_provision(people)
    return Person.objects.bulk_create(people)


def _all_read(ward, count: int) -> None:
    keyring.clear_caches()  # as a freshly started process would
    names = [p.name for p in Person.objects.filter(municipality=ward) if p.name.startswith("利用者")]
    assert sorted(names) == sorted(f"利用者{i}" for i in range(count))
    assert Person.objects.matching(tenant=ward, phone=f"0311110{count - 1:03d}").get().name == f"利用者{count - 1}"


def test_rotation_interrupted_midway_then_resumed(ward, master_keys):
    _people(ward, 25)
    ring = KeyRing.objects.get(scope=f"tenant:{ward.pk}")
    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"   # kb is now current, ka still readable

    def stop_after_first_batch(done):
        raise Interrupted

    with pytest.raises(Interrupted):
        key_ring_rotate(ring=ring, batch_size=10, on_batch=stop_after_first_batch)

    ring.refresh_from_db()
    rotation = KeyRotation.objects.get()
    assert (ring.current_version.number, ring.current_version.master_key_id) == (2, "kb")
    assert (rotation.to_version_id, rotation.rewrapped, rotation.batches, rotation.finished_at) == \
        (ring.current_version_id, 10, 1, None)
    assert DataKey.objects.filter(version__master_key_id="kb").count() == 10
    assert DataKey.objects.filter(version__master_key_id="ka").count() == 15
    _all_read(ward, 25)                                      # readers work in the middle of a rotation
    Person.objects.create(municipality=ward, name="途中の新規")   # new keys go under the new version
    assert DataKey.objects.filter(version__master_key_id="kb").count() == 11
    with pytest.raises(KeyStillInUse, match="まだ 0 個の鍵束の現在の鍵と 15 個のデータ鍵を包んでいます"):
        master_key_retire(key_id="ka")

    result = key_ring_rotate(ring=ring, batch_size=10)

    assert (result.resumed, result.rewrapped, result.version) == (True, 15, 2)
    rotation.refresh_from_db()
    assert (rotation.rewrapped, rotation.batches, rotation.finished_at is not None) == (25, 3, True)
    assert KeyRotation.objects.count() == 1
    assert DataKey.objects.filter(version__master_key_id="ka").count() == 0
    _all_read(ward, 25)
    assert [e.data["rewrapped"] for e in AuditEvent.objects.filter(name="governance.key_rotation.finished")] == [25]


def test_rotation_is_idempotent(ward, master_keys):
    _people(ward, 3)
    ring = KeyRing.objects.get(scope=f"tenant:{ward.pk}")
    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    first = key_ring_rotate(ring=ring)
    versions = KeyVersion.objects.count()

    second = key_ring_rotate(ring=ring)

    assert (first.started, first.rewrapped) == (True, 3)
    assert (second.started, second.resumed, second.rewrapped, second.version) == (False, False, 0, 2)
    assert KeyVersion.objects.count() == versions and KeyRotation.objects.count() == 1


def test_old_key_is_retired_then_removed_and_everything_still_reads(ward, master_keys):
    _people(ward, 12)
    person = Person.objects.filter(municipality=ward).first()
    PersonNote.objects.create(municipality=ward, person=person, text="共有鍵のメモ")
    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    with pytest.raises(KeyStillInUse, match="まだ 1 個の鍵束の現在の鍵"):
        master_key_retire(key_id="ka")

    call_command("rotate_keys", "--tenant", "131041", "--batch-size", "5")
    retired = master_key_retire(key_id="ka")

    assert (retired.key_id, retired.versions_destroyed) == ("ka", 1)
    assert not KeyVersion.objects.filter(master_key_id="ka").exists()
    master_keys.FIELD_ENCRYPTION_KEYS = KEY_B                 # the old key is gone from the environment
    _all_read(ward, 12)
    assert PersonNote.objects.get().text == "共有鍵のメモ"
    event = AuditEvent.objects.get(name="governance.master_key.retired")
    assert event.data == {"key_id": "ka", "versions_destroyed": 1}


def test_without_the_master_key_nothing_reads(ward, master_keys):
    person = Person.objects.create(municipality=ward, name="山田")
    master_keys.FIELD_ENCRYPTION_KEYS = KEY_B
    keyring.clear_caches()
    with pytest.raises(KeyUnavailable, match="The master key 'ka' is not configured in the key provider"):
        _ = Person.objects.get(pk=person.pk).name


def test_the_current_key_cannot_be_retired(ward):
    _people(ward, 1)
    with pytest.raises(KeyStillInUse, match="マスター鍵「ka」は現在の鍵です"):
        master_key_retire(key_id="ka")
    assert not RetiredMasterKey.objects.exists()


def test_new_tenant_key_replaces_the_kek_under_the_same_master(ward):
    _people(ward, 4)
    ring = KeyRing.objects.get(scope=f"tenant:{ward.pk}")
    result = key_ring_rotate(ring=ring, new_tenant_key=True)
    assert (result.version, result.master_key_id, result.rewrapped) == (2, "ka", 4)
    assert set(DataKey.objects.values_list("version__number", flat=True)) == {2}
    _all_read(ward, 4)


def test_command_reports_and_refuses(ward, master_keys, capsys):
    _people(ward, 2)
    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"

    call_command("rotate_keys", "--all")
    call_command("rotate_keys", "--tenant", "131041")
    call_command("rotate_keys", "--status")
    out = capsys.readouterr().out

    assert f"tenant:{ward.pk}: Rotated: 2 data key(s) re-wrapped under version 2 (master key 'kb')." in out
    assert f"tenant:{ward.pk}: already current (version 2, master key 'kb'); nothing to do." in out
    assert "  ka: 1 key version(s), current in 0 ring(s), wraps 0 data key(s)" in out
    assert "A" * 8 not in out and "QUFB" not in out      # no key material printed
    with pytest.raises(CommandError, match="自治体コード「999999」の自治体はありません"):
        call_command("rotate_keys", "--tenant", "999999")
    with pytest.raises(CommandError, match="マスター鍵「kb」は現在の鍵です"):
        call_command("rotate_keys", "--retire", "kb")
