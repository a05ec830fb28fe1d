"""Killing a key rotation midway (a real process, SIGKILL) and running it again: every key re-wrapped once."""

import pytest

from audit.models import AuditEvent
from governance.crypto.models import DataKey, KeyRing, KeyRotation
from tests.governance.crypto.test_rotation import _all_read, _people
from tests.support import command_process, kill_when, rows_locked

from .conftest import KEY_A, KEY_B


def rotation_process():
    return command_process("rotate_keys", "--tenant", "131041", "--batch-size", "10",
                           MIMAMORI_FIELD_KEYS=f"{KEY_B},{KEY_A}")  # kb is the new master key, ka still readable


@pytest.mark.django_db(transaction=True)
def test_a_killed_rotation_resumes_and_rewraps_every_data_key_exactly_once(ward, master_keys):
    _people(ward, 25)
    ring = KeyRing.objects.get(scope=f"tenant:{ward.pk}")
    keys = list(DataKey.objects.filter(ring=ring).order_by("pk").values_list("pk", flat=True))

    # The second batch's keys held locked: the kill lands after exactly one committed batch of ten.
    with rows_locked("SELECT id FROM governance_datakey WHERE id = ANY(%s) FOR UPDATE", [keys[10:20]]):
        kill_when(rotation_process(), lambda: KeyRotation.objects.filter(batches=1).exists())
    rotation = KeyRotation.objects.get()
    assert (rotation.rewrapped, rotation.finished_at) == (10, None)
    assert DataKey.objects.filter(ring=ring, version__master_key_id="kb").count() == 10
    master_keys.FIELD_ENCRYPTION_KEYS = f"{KEY_B},{KEY_A}"
    _all_read(ward, 25)  # half-rotated, every record still reads

    second = rotation_process()
    output, _ = second.communicate(timeout=120)
    assert second.returncode == 0, output
    assert "Resumed and finished: 15 data key(s) re-wrapped under version 2 (master key 'kb')" in output
    rotation.refresh_from_db()
    assert (rotation.rewrapped, rotation.batches, rotation.finished_at is not None) == (25, 3, True)
    assert DataKey.objects.filter(ring=ring, version__master_key_id="ka").count() == 0
    _all_read(ward, 25)
    assert AuditEvent.objects.filter(name="governance.key_rotation.started").count() == 1
    assert [e.data["rewrapped"] for e in AuditEvent.objects.filter(name="governance.key_rotation.finished")] == [25]

    third = rotation_process()
    output, _ = third.communicate(timeout=120)
    assert third.returncode == 0 and "already current" in output, output
