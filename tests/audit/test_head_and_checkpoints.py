"""The chain head is authenticated, and checkpoints outside the database are chained and accounted for.

Cutting the newest events means moving the head back (which needs the chain key) or replaying an
old head row (which a checkpoint written since contradicts); removing that checkpoint means
shortening or deleting the file, which the authenticated head contradicts.
"""

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from audit import chain
from audit.models import AuditChainHead, AuditEvent
from audit.services import audit_record
from tests.audit.test_chain import record, tamper


def lines(settings) -> list[str]:
    return settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()


# --- the head's MAC ---------------------------------------------------------------------------------------


def test_the_head_carries_a_mac_over_its_position_hash_and_last_checkpoint(db):
    events = record(2)
    chain.write_checkpoint()

    row = AuditChainHead.objects.get(pk=1)
    head = chain.Head(row.seq, row.hash, row.checkpoint_line, row.checkpoint_mac, row.mac)

    assert (head.seq, head.hash, head.checkpoint_line) == (2, events[-1].hash, 1) and head.authentic()
    for forged in ({"seq": 1}, {"hash": events[0].hash}, {"checkpoint_line": 0}, {"checkpoint_mac": "0" * 64}):
        assert not replace(head, **forged).authentic(), forged


def test_deleting_the_newest_events_and_moving_the_head_back_is_detected_without_any_checkpoint(db, settings):
    events = record(4)
    tamper("DELETE FROM audit_auditevent WHERE seq > 2")
    AuditChainHead.objects.filter(pk=1).update(seq=2, hash=events[1].hash)
    assert not settings.AUDIT_CHECKPOINT_FILE.exists()

    result = chain.verify()

    assert not result.ok and result.first_bad_seq == 3
    assert "chain head (#2) fails its MAC" in result.problem


def test_nothing_is_appended_after_a_forged_head_so_the_next_event_cannot_launder_it(db):
    events = record(3)
    tamper("DELETE FROM audit_auditevent WHERE seq = 3")
    AuditChainHead.objects.filter(pk=1).update(seq=2, hash=events[1].hash)

    with pytest.raises(chain.ChainHeadInvalid, match="fails its MAC"), transaction.atomic():
        audit_record("audit.test_record.made", tenant_id=1)
    with pytest.raises(chain.ChainHeadInvalid):
        chain.write_checkpoint()

    assert list(AuditEvent.objects.values_list("seq", flat=True)) == [1, 2]
    assert not chain.verify().ok


def test_the_verify_command_reports_a_forged_head_though_it_cannot_record_its_outcome(db):
    events = record(2)
    AuditChainHead.objects.filter(pk=1).update(seq=1, hash=events[0].hash)
    with pytest.raises(CommandError, match="fails its MAC"):
        call_command("verify_audit_chain")


# --- chained checkpoints ---------------------------------------------------------------------------------


def test_each_checkpoint_line_is_numbered_and_chained_to_the_one_before(db, settings):
    record(1)
    chain.write_checkpoint()
    record(1)
    chain.write_checkpoint()

    first, second = (line.split() for line in lines(settings))

    assert first[:2] == ["1", "1"] and second[:2] == ["2", "2"]
    assert first[3] == chain._checkpoint_mac(1, 1, first[2], chain.GENESIS)
    assert second[3] == chain._checkpoint_mac(2, 2, second[2], first[3])
    assert AuditChainHead.objects.get(pk=1).checkpoint_line == 2 and chain.verify().ok


def test_a_checkpoint_line_removed_from_the_middle_is_detected(db, settings):
    for _ in range(3):
        record(1)
        chain.write_checkpoint()
    first, _, third = lines(settings)
    settings.AUDIT_CHECKPOINT_FILE.write_text(f"{first}\n{third}\n")

    result = chain.verify()

    assert not result.ok and "checkpoint file line 2 is numbered 3" in result.problem


def test_a_checkpoint_line_renumbered_into_the_gap_fails_its_chained_signature(db, settings):
    for _ in range(3):
        record(1)
        chain.write_checkpoint()
    first, _, third = lines(settings)
    settings.AUDIT_CHECKPOINT_FILE.write_text(f"{first}\n2{third[1:]}\n")

    result = chain.verify()

    assert not result.ok and "checkpoint file line 2 has an invalid signature" in result.problem


def test_a_forged_checkpoint_line_is_reported(db, settings):
    record(2)
    settings.AUDIT_CHECKPOINT_FILE.write_text("1 2 " + "a" * 64 + " " + "b" * 64 + "\n")
    result = chain.verify()
    assert not result.ok and "invalid signature" in result.problem


def test_a_missing_checkpoint_file_is_a_finding_once_a_checkpoint_was_written(db, settings):
    record(2)
    assert chain.verify().ok  # never checkpointed: no file is expected
    chain.write_checkpoint()
    settings.AUDIT_CHECKPOINT_FILE.unlink()

    result = chain.verify()

    assert not result.ok and "checkpoint file is missing" in result.problem
    assert "records 1 checkpoint line(s)" in result.problem


def test_a_shortened_checkpoint_file_is_a_finding(db, settings):
    record(1)
    chain.write_checkpoint()
    record(1)
    chain.write_checkpoint()
    settings.AUDIT_CHECKPOINT_FILE.write_text(lines(settings)[0] + "\n")

    result = chain.verify()

    assert not result.ok and "checkpoint file was shortened: it has 1 line(s), the chain head records 2" \
        in result.problem


def test_a_checkpoint_file_replaced_by_another_valid_chain_is_a_finding(db, settings):
    record(1)
    chain.write_checkpoint()
    original = settings.AUDIT_CHECKPOINT_FILE.read_text()
    chain.write_checkpoint()
    # A file that starts again from the same first line and diverges at the line the head records.
    settings.AUDIT_CHECKPOINT_FILE.write_text(original)
    head = AuditChainHead.objects.get(pk=1)
    forged_mac = chain._checkpoint_mac(2, 0, chain.GENESIS, original.split()[3])
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as out:
        out.write(f"2 0 {chain.GENESIS} {forged_mac}\n")
    assert head.checkpoint_line == 2

    result = chain.verify()

    assert not result.ok and "line 2 is not the one the chain head records" in result.problem


def test_checkpointing_refuses_to_start_a_new_file_over_one_that_went_missing(db, settings):
    record(1)
    chain.write_checkpoint()
    settings.AUDIT_CHECKPOINT_FILE.unlink()

    with pytest.raises(chain.CheckpointFileInvalid, match="ends at line 0, but the chain head records line 1"):
        chain.write_checkpoint()

    assert not settings.AUDIT_CHECKPOINT_FILE.exists()
    assert AuditChainHead.objects.get(pk=1).checkpoint_line == 1


def test_a_line_written_before_its_head_update_failed_is_continued_not_a_finding(db, settings, monkeypatch):
    """A crash between writing the line and recording it in the head leaves one unrecorded line."""
    record(1)
    chain.write_checkpoint()

    def fail(*args, **kwargs):
        raise ConnectionError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(AuditChainHead.objects, "filter", lambda **kw: type("Q", (), {"update": fail})())
        with pytest.raises(ConnectionError):
            chain.write_checkpoint()
    assert len(lines(settings)) == 2 and AuditChainHead.objects.get(pk=1).checkpoint_line == 1
    assert chain.verify().ok

    chain.write_checkpoint()

    assert [line.split()[0] for line in lines(settings)] == ["1", "2", "3"]
    assert AuditChainHead.objects.get(pk=1).checkpoint_line == 3 and chain.verify().ok
